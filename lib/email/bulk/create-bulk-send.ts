import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/audit";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { addressKey } from "../addresses";
import { createSendRequests } from "../send/create";
import { templateIdSchema } from "../send-email";
import { requireTemplate } from "../templates";
import { MAX_LISTED_ERRORS, parseRecipientCsv, toRequests, type RowError } from "./recipients-csv";

const flag = z.preprocess(
  (value) => value === true || value === "true" || value === "1",
  z.boolean(),
);

export const bulkSendOptionsSchema = z.object({
  templateId: templateIdSchema,
  fileName: z
    .string()
    .trim()
    .min(1, "Name the file.")
    .max(200, "A file name is at most 200 characters."),
  /** Send to the valid rows and leave out the ones with errors (after seeing them). */
  skipInvalidRows: flag.default(false),
});

export const startBulkSendSchema = bulkSendOptionsSchema.extend({
  /** One per click on Start: a double submit starts one send. */
  idempotencyKey: z.uuid("The upload has no valid idempotency key; reload the page."),
});

export interface BulkPreview {
  recipients: number;
  requests: number;
  columns: string[];
  errors: RowError[];
  errorCount: number;
  /** Addresses on the list that SendGrid will probably drop. */
  suppressed: string[];
  suppressedCount: number;
}

async function suppressedAmong(addresses: string[]): Promise<string[]> {
  if (addresses.length === 0) return [];
  const rows = await getDb().$queryRaw<{ emailKey: string }[]>`
    SELECT DISTINCT "emailKey" FROM "EmailSuppression"
    WHERE "active" AND "emailKey" = ANY(${addresses.map(addressKey)}::text[])`;
  return rows.map((row) => row.emailKey);
}

function rowErrors(errors: RowError[]): Record<string, string[]> {
  return Object.fromEntries(
    errors.slice(0, MAX_LISTED_ERRORS).map((error) => [`row ${error.line}`, [error.message]]),
  );
}

/** Checks a recipient list without writing anything: what Start would send, and what is wrong. */
export async function previewBulkSend(options: {
  actor: Actor;
  input: unknown;
  csv: string;
}): Promise<BulkPreview> {
  await authorize(options.actor, "emails:send", { resource: "bulk-sends" });
  const input = parseInput(bulkSendOptionsSchema, options.input);
  await requireTemplate({ actor: options.actor, templateId: input.templateId });
  const list = parseRecipientCsv(options.csv);
  const suppressed = await suppressedAmong(list.recipients.map((recipient) => recipient.to));
  return {
    recipients: list.recipients.length,
    requests: toRequests(list.recipients).length,
    columns: list.columns,
    errors: list.errors.slice(0, MAX_LISTED_ERRORS),
    errorCount: list.errors.length,
    suppressed: suppressed.slice(0, 50),
    suppressedCount: suppressed.length,
  };
}

/**
 * Starts a bulk send: every recipient is logged as a message, in requests of up to 1,000
 * personalizations, each with its job, in one transaction with the audit row, so a list is
 * either wholly queued or not at all. A list with row errors is refused (422, one entry per row)
 * unless the person chose to leave those rows out. Idempotent per click.
 */
export async function startBulkSend(options: {
  actor: Actor;
  input: unknown;
  csv: string;
  ip?: string | null;
}) {
  await authorize(options.actor, "emails:send", { resource: "bulk-sends" });
  const input = parseInput(startBulkSendSchema, options.input);
  const existing = await getDb().bulkSend.findUnique({
    where: { idempotencyKey: input.idempotencyKey },
  });
  if (existing)
    return {
      id: existing.id,
      recipients: existing.recipients,
      requests: existing.requests,
      skipped: 0,
      replayed: true,
    };
  const template = await requireTemplate({ actor: options.actor, templateId: input.templateId });
  const list = parseRecipientCsv(options.csv);
  if (list.errors.length > 0 && !input.skipInvalidRows) {
    const count = list.errors.length;
    throw new AppError(
      "VALIDATION_FAILED",
      `${count} row${count === 1 ? " has" : "s have"} errors. Fix them, or leave those rows out.`,
      { fieldErrors: rowErrors(list.errors) },
    );
  }
  if (list.recipients.length === 0) {
    throw new AppError("VALIDATION_FAILED", "No row of the file can be sent.", {
      fieldErrors: { file: ["No row of the file can be sent."] },
    });
  }
  const chunks = toRequests(list.recipients);
  const id = randomUUID();
  try {
    await getDb().$transaction(
      async (tx) => {
        await tx.bulkSend.create({
          data: {
            id,
            templateId: template.id,
            templateName: template.name,
            fileName: input.fileName,
            recipients: list.recipients.length,
            requests: chunks.length,
            createdById: options.actor.id,
            createdByEmail: options.actor.email,
            idempotencyKey: input.idempotencyKey,
          },
        });
        await createSendRequests(
          tx,
          chunks.map((chunk, seq) => ({
            templateId: template.id,
            templateName: template.name,
            recipients: chunk,
            bulkSendId: id,
            seq,
            createdBy: options.actor,
          })),
        );
        await recordAudit({
          db: tx,
          action: "email.bulk_send",
          outcome: "SUCCESS",
          actor: options.actor,
          ip: options.ip,
          target: { type: "bulk-send", id },
          details: {
            templateId: template.id,
            fileName: input.fileName,
            recipients: list.recipients.length,
            requests: chunks.length,
            skippedRows: list.errors.length,
          },
        });
      },
      // A 100,000-recipient list is a hundred statements of a thousand rows.
      { timeout: 120_000, maxWait: 30_000 },
    );
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const winner = await getDb().bulkSend.findUnique({
        where: { idempotencyKey: input.idempotencyKey },
      });
      if (winner)
        return {
          id: winner.id,
          recipients: winner.recipients,
          requests: winner.requests,
          skipped: 0,
          replayed: true,
        };
    }
    throw error;
  }
  return {
    id,
    recipients: list.recipients.length,
    requests: chunks.length,
    skipped: list.errors.length,
    replayed: false,
  };
}
