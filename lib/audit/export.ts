import "server-only";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import type { AuditLog } from "@/lib/db/generated/client";
import { csvLine } from "@/lib/email/queries/csv";
import { afterCursor, type Cursor } from "@/lib/email/queries/cursor";
import { parseInput } from "@/lib/validation";
import { normalizeAddress } from "./address";
import { recordAudit } from "./audit";
import { auditFilterSchema, auditWhere } from "./filters";

/** An export beyond this is a job for the database, not a browser download. */
export const AUDIT_EXPORT_LIMIT = 100_000;
const BATCH = 1_000;

const HEADER = [
  "created_at",
  "last_seen_at",
  "count",
  "action",
  "outcome",
  "actor_email",
  "actor_id",
  "target_type",
  "target_id",
  "ip",
  "details_json",
];

/**
 * The audit log's rows matching the filters as CSV, newest first, read in keyset batches so a
 * large export never holds more than a batch in memory. Every cell a spreadsheet would run as a
 * formula is quoted (csvField): actor emails and details come from outside. The export itself is
 * audited, with its filters, before the first byte is sent.
 */
export async function exportAuditCsv(options: {
  actor: Actor;
  input: unknown;
}): Promise<AsyncIterable<string>> {
  await authorize(options.actor, "audit:read", { resource: "audit-log:export" });
  const filter = parseInput(auditFilterSchema, options.input);
  const where = auditWhere(filter);
  await recordAudit({
    action: "audit.exported",
    outcome: "SUCCESS",
    actor: options.actor,
    details: { filters: Object.fromEntries(Object.entries(filter).filter(([, v]) => v)) },
  });
  const db = getDb();
  return (async function* rows() {
    yield csvLine(HEADER);
    let cursor: Cursor | null = null;
    let sent = 0;
    while (sent < AUDIT_EXPORT_LIMIT) {
      const batch: AuditLog[] = await db.auditLog.findMany({
        where: { AND: [where, afterCursor(cursor)] },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: Math.min(BATCH, AUDIT_EXPORT_LIMIT - sent),
      });
      if (batch.length === 0) return;
      let text = "";
      for (const row of batch) {
        text += csvLine([
          row.createdAt,
          row.lastSeenAt,
          row.count,
          row.action,
          row.outcome,
          row.actorEmail,
          row.actorId,
          row.targetType,
          row.targetId,
          normalizeAddress(row.ip),
          JSON.stringify(row.details),
        ]);
      }
      yield text;
      sent += batch.length;
      const last: AuditLog | undefined = batch.at(-1);
      if (!last || batch.length < BATCH) return;
      cursor = { createdAt: last.createdAt, id: last.id };
    }
  })();
}
