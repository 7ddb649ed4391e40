import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/audit";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { isUniqueViolation } from "../db/unique-violation";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { addressKey } from "../addresses";
import { createSendRequests } from "../send/create";
import { templateIdSchema } from "../send-email";
import { requireTemplate } from "../templates";
import {
  MAX_PER_REQUEST,
  emptyScan,
  readRecipients,
  requestsFor,
  scanRecipientCsv,
  type CsvRecipient,
  type RowError,
} from "./recipients-csv";

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

/** Suppressed addresses among the list's, looked up a few thousand at a time. */
async function suppressedAmong(addresses: string[]): Promise<string[]> {
  const found: string[] = [];
  for (let start = 0; start < addresses.length; start += 5_000) {
    const rows = await getDb().$queryRaw<{ emailKey: string }[]>`
      SELECT DISTINCT "emailKey" FROM "EmailSuppression"
      WHERE "active" AND "emailKey" = ANY(${addresses.slice(start, start + 5_000)}::text[])`;
    found.push(...rows.map((row) => row.emailKey));
  }
  return found;
}

function rowErrors(errors: RowError[]): Record<string, string[]> {
  return Object.fromEntries(errors.map((error) => [`row ${error.line}`, [error.message]]));
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
  const keys: string[] = [];
  const list = scanRecipientCsv(options.csv, (recipient) => keys.push(addressKey(recipient.to)));
  const suppressed = await suppressedAmong(keys);
  return {
    recipients: list.count,
    requests: requestsFor(list.count),
    columns: list.columns,
    errors: list.errors,
    errorCount: list.errorCount,
    suppressed: suppressed.slice(0, 50),
    suppressedCount: suppressed.length,
  };
}

/**
 * Starts a bulk send: every recipient is logged as a message, in requests of up to 1,000
 * personalizations, each with its job, in one transaction with the audit row, so a list is
 * either wholly queued or not at all. A list with row errors is refused (422, one entry per row)
 * unless the person chose to leave those rows out. Idempotent per click.
 *
 * The list is read twice: once to check it, then, inside the transaction, to write it a request
 * at a time, so that a 100,000-row list is never held in memory as 100,000 objects.
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
  const list = scanRecipientCsv(options.csv);
  if (list.errorCount > 0 && !input.skipInvalidRows) {
    const count = list.errorCount;
    throw new AppError(
      "VALIDATION_FAILED",
      `${count} row${count === 1 ? " has" : "s have"} errors. Fix them, or leave those rows out.`,
      { fieldErrors: rowErrors(list.errors) },
    );
  }
  if (list.count === 0) {
    throw new AppError("VALIDATION_FAILED", "No row of the file can be sent.", {
      fieldErrors: { file: ["No row of the file can be sent."] },
    });
  }
  const requests = requestsFor(list.count);
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
            recipients: list.count,
            requests,
            createdById: options.actor.id,
            createdByEmail: options.actor.email,
            idempotencyKey: input.idempotencyKey,
          },
        });
        // The second reading: the same rows in the same order, written a request at a time.
        let chunk: CsvRecipient[] = [];
        let seq = 0;
        const write = async () => {
          await createSendRequests(tx, [
            {
              templateId: template.id,
              templateName: template.name,
              recipients: chunk,
              bulkSendId: id,
              seq: seq++,
              createdBy: options.actor,
            },
          ]);
          chunk = [];
        };
        for (const recipient of readRecipients(options.csv, emptyScan())) {
          chunk.push(recipient);
          if (chunk.length === MAX_PER_REQUEST) await write();
        }
        if (chunk.length > 0) await write();
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
            recipients: list.count,
            requests,
            skippedRows: list.errorCount,
          },
        });
      },
      // A 100,000-recipient list is a hundred statements of a thousand rows.
      { timeout: 120_000, maxWait: 30_000 },
    );
  } catch (error) {
    if (isUniqueViolation(error)) {
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
    recipients: list.count,
    requests,
    skipped: list.errorCount,
    replayed: false,
  };
}
