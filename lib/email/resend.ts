import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/audit";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { isUniqueViolation } from "./db/unique-violation";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { sendingAvailability } from "./circuit";
import { createSendRequests } from "./send/create";
import { activeSuppressions } from "./suppressions";
import { templateDataSchema } from "./template-data";
import { requireTemplate } from "./templates";

export const resendSchema = z.object({
  /** One per click, made by the browser when the dialog opens: a double click sends once. */
  idempotencyKey: z.uuid("The resend request has no valid idempotency key; reload the page."),
  /** Required when the address is suppressed: the person saw why and resends anyway. */
  confirmSuppressed: z.boolean().default(false),
});

export interface ResendResult {
  messageId: string;
  /** True when this key had already resent: nothing new was sent. */
  replayed: boolean;
}

const uuid = z.uuid();

async function existingResend(idempotencyKey: string, originalId: string) {
  const request = await getDb().emailSendRequest.findUnique({
    where: { idempotencyKey },
    select: { id: true },
  });
  if (!request) return null;
  const message = await getDb().emailMessage.findFirst({
    where: { requestId: request.id },
    select: { id: true, resendOfId: true },
  });
  if (!message || message.resendOfId !== originalId) {
    throw new AppError("CONFLICT", "This resend key belongs to another message; reload the page.");
  }
  return { messageId: message.id, replayed: true };
}

/**
 * Resends an email as a new message linked to the original: same recipient, template and data.
 * Idempotent per click (the key is unique on the send request, so a double click or a retried
 * request finds the first resend and sends nothing), refused while SendGrid's circuit is open,
 * and for a suppressed address only with explicit confirmation. Audited with the send.
 */
export async function resendEmail(options: {
  actor: Actor;
  messageId: string;
  input: unknown;
  ip?: string | null;
}): Promise<ResendResult> {
  await authorize(options.actor, "emails:resend", { resource: `email:${options.messageId}` });
  const input = parseInput(resendSchema, options.input);
  const id = uuid.safeParse(options.messageId);
  const original = id.success
    ? await getDb().emailMessage.findUnique({ where: { id: id.data } })
    : null;
  if (!original) throw new AppError("NOT_FOUND", "There is no such email.");
  const replay = await existingResend(input.idempotencyKey, original.id);
  if (replay) return replay;

  const availability = await sendingAvailability();
  if (!availability.available) {
    const next = availability.nextTrialAt;
    throw new AppError(
      "PROVIDER_UNAVAILABLE",
      `${availability.reason ?? "SendGrid is unavailable."}${next ? ` The next trial call is at ${next.toISOString()}.` : ""} Resend then.`,
      {
        retryAfterSeconds: next
          ? Math.max(1, Math.ceil((next.getTime() - Date.now()) / 1000))
          : undefined,
      },
    );
  }
  const suppressions = await activeSuppressions(original.recipientKey);
  if (suppressions.length > 0 && !input.confirmSuppressed) {
    throw new AppError(
      "CONFLICT",
      `${original.recipient} is suppressed (${suppressions.map((item) => item.label.toLowerCase()).join("; ")}). SendGrid will probably drop the email. Confirm to resend anyway.`,
      {
        fieldErrors: {
          confirmSuppressed: ["Confirm that you want to resend to a suppressed address."],
        },
      },
    );
  }
  const template = await requireTemplate({ actor: options.actor, templateId: original.templateId });
  const stored = templateDataSchema.safeParse(original.templateData);
  const data = stored.success ? stored.data : {};
  try {
    return await getDb().$transaction(async (tx) => {
      const { messageIds } = await createSendRequests(tx, [
        {
          templateId: template.id,
          templateName: template.name,
          recipients: [{ to: original.recipient, data }],
          resendOfId: original.id,
          idempotencyKey: input.idempotencyKey,
          createdBy: options.actor,
        },
      ]);
      const messageId = messageIds[0]?.[0] ?? "";
      await recordAudit({
        db: tx,
        action: "email.resend",
        outcome: "SUCCESS",
        actor: options.actor,
        ip: options.ip,
        target: { type: "email", id: original.id },
        details: {
          newMessageId: messageId,
          previousStatus: original.status,
          previousError: original.lastError ?? original.failureReason,
          suppressed: suppressions.map((item) => item.reason),
          confirmedSuppressed: suppressions.length > 0,
        },
      });
      return { messageId, replayed: false };
    });
  } catch (error) {
    // Two requests with the same key at once: the other one committed first.
    if (isUniqueViolation(error)) {
      const winner = await existingResend(input.idempotencyKey, original.id);
      if (winner) return winner;
    }
    throw error;
  }
}
