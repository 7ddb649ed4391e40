import "server-only";
import { getDb, type Db, type Prisma } from "@/lib/db/client";
import type { AuditOutcome } from "@/lib/db/generated/enums";
import { logger } from "@/lib/logger";
import { redact } from "@/lib/redact";
import { normalizeAddress } from "./address";
import { requestAddress } from "./request-address";
import { storableJson, storableText } from "./storable";

type AuditWriter = Pick<Db, "auditLog"> | Prisma.TransactionClient;

export interface AuditEntry {
  action: string;
  outcome: AuditOutcome;
  actor?: { id: string; email: string } | null;
  /** For sign-in attempts and other events without a known user. */
  actorEmail?: string | null;
  target?: { type: string; id: string } | null;
  /** The client's (trusted) address; read from the current request when not given. */
  ip?: string | null;
  details?: Record<string, unknown>;
  /** Pass a transaction client to record the audit row atomically with the change it describes. */
  db?: AuditWriter;
}

async function rowData(entry: AuditEntry) {
  const details = storableJson(redact(entry.details ?? {})) as Prisma.InputJsonObject;
  return {
    action: entry.action,
    outcome: entry.outcome,
    actorId: entry.actor?.id ?? null,
    actorEmail: storableText(entry.actor?.email ?? entry.actorEmail ?? null),
    targetType: entry.target?.type ?? null,
    targetId: storableText(entry.target?.id ?? null),
    ip: normalizeAddress(storableText(entry.ip !== undefined ? entry.ip : await requestAddress())),
    details,
  };
}

export async function recordAudit(entry: AuditEntry): Promise<void> {
  const db = entry.db ?? getDb();
  await db.auditLog.create({ data: await rowData(entry) });
  logger.info(
    { audit: { action: entry.action, outcome: entry.outcome, actor: entry.actor?.email } },
    "audit",
  );
}

/** Folded rows cover this many minutes each. */
export const FOLD_WINDOW_MINUTES = 10;

/**
 * For events anyone can cause at will (anonymous denials, refused sign-ins, replayed cookies):
 * the first occurrence in a window writes a row, later ones only raise its count, so a flood
 * costs one row per key and window instead of one per request.
 */
export async function recordFoldedAudit(
  entry: AuditEntry,
  options: { key: string; now?: Date },
): Promise<void> {
  const now = options.now ?? new Date();
  const window = Math.floor(now.getTime() / (FOLD_WINDOW_MINUTES * 60_000));
  const data = await rowData(entry);
  const foldKey = storableText(`${entry.action}:${options.key}:${data.ip ?? "-"}:${window}`).slice(
    0,
    500,
  );
  await (entry.db ?? getDb()).auditLog.upsert({
    where: { foldKey },
    create: { ...data, foldKey, lastSeenAt: now },
    update: { count: { increment: 1 }, lastSeenAt: now },
  });
}
