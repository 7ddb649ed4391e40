import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/audit";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { parseInput } from "@/lib/validation";
import { recipientSchema } from "./addresses";
import { createSendRequests } from "./send/create";
import { templateDataSchema } from "./template-data";
import { requireTemplate } from "./templates";

export const templateIdSchema = z
  .string({ error: "Choose a template." })
  .trim()
  .min(1, "Choose a template.")
  .max(100, "A template id is at most 100 characters.");

export const sendEmailSchema = z.object({
  to: recipientSchema,
  templateId: templateIdSchema,
  data: templateDataSchema.default({}),
});

/**
 * Sends one email from a dynamic template. The message is logged (and its job scheduled) before
 * anything is sent; the job sends it, so a crash cannot lose it and a slow SendGrid does not
 * hold the request.
 */
export async function sendEmail(options: { actor: Actor; input: unknown; ip?: string | null }) {
  await authorize(options.actor, "emails:send", { resource: "emails" });
  const input = parseInput(sendEmailSchema, options.input);
  const template = await requireTemplate({ actor: options.actor, templateId: input.templateId });
  return getDb().$transaction(async (tx) => {
    const { messageIds } = await createSendRequests(tx, [
      {
        templateId: template.id,
        templateName: template.name,
        recipients: [{ to: input.to, data: input.data }],
        createdBy: options.actor,
      },
    ]);
    const messageId = messageIds[0]?.[0] ?? "";
    await recordAudit({
      db: tx,
      action: "email.send",
      outcome: "SUCCESS",
      actor: options.actor,
      ip: options.ip,
      target: { type: "email", id: messageId },
      details: { templateId: template.id },
    });
    return { messageId };
  });
}
