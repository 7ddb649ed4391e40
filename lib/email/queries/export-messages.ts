import "server-only";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import type { EmailMessage } from "@/lib/db/generated/client";
import { parseInput } from "@/lib/validation";
import { csvLine } from "./csv";
import { afterCursor, type Cursor } from "./cursor";
import { messageFilterSchema, messageWhere } from "./filters";

/** An export beyond this is a job for the database, not a browser download. */
export const EXPORT_LIMIT = 100_000;
const BATCH = 1_000;

const HEADER = [
  "created_at",
  "message_id",
  "recipient",
  "template_id",
  "template_name",
  "status",
  "status_at",
  "sendgrid_message_id",
  "attempts",
  "last_error",
  "failure_reason",
  "opens",
  "clicks",
  "data_sha256",
  "bulk_send_id",
  "resend_of",
];

/**
 * The email log's rows matching the filters as CSV, newest first, read in keyset batches so that
 * a large export never holds more than a batch in memory. The filters are checked before the
 * first byte, so bad ones get a 422 rather than a broken download.
 */
export async function exportMessages(options: {
  actor: Actor;
  input: unknown;
}): Promise<AsyncIterable<string>> {
  await authorize(options.actor, "console:read", { resource: "emails:export" });
  const filter = parseInput(messageFilterSchema, options.input);
  const where = messageWhere(filter);
  const db = getDb();
  return (async function* rows() {
    yield csvLine(HEADER);
    let cursor: Cursor | null = null;
    let sent = 0;
    while (sent < EXPORT_LIMIT) {
      const batch: EmailMessage[] = await db.emailMessage.findMany({
        where: { AND: [where, afterCursor(cursor)] },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: Math.min(BATCH, EXPORT_LIMIT - sent),
      });
      if (batch.length === 0) return;
      let text = "";
      for (const row of batch) {
        text += csvLine([
          row.createdAt,
          row.id,
          row.recipient,
          row.templateId,
          row.templateName,
          row.status,
          row.statusAt,
          row.providerMessageId,
          row.attempts,
          row.lastError,
          row.failureReason,
          row.openCount,
          row.clickCount,
          row.dataHash,
          row.bulkSendId,
          row.resendOfId,
        ]);
      }
      yield text;
      sent += batch.length;
      const last: EmailMessage | undefined = batch.at(-1);
      if (!last || batch.length < BATCH) return;
      cursor = { createdAt: last.createdAt, id: last.id };
    }
  })();
}
