import "server-only";
import { getDb, type Db, type Prisma } from "@/lib/db/client";
import type { AuditOutcome } from "@/lib/db/generated/enums";
import { logger } from "@/lib/logger";
import { redact } from "@/lib/redact";

type AuditWriter = Pick<Db, "auditLog"> | Prisma.TransactionClient;

export interface AuditEntry {
  action: string;
  outcome: AuditOutcome;
  actor?: { id: string; email: string } | null;
  /** For sign-in attempts and other events without a known user. */
  actorEmail?: string | null;
  target?: { type: string; id: string } | null;
  ip?: string | null;
  details?: Record<string, unknown>;
  /** Pass a transaction client to record the audit row atomically with the change it describes. */
  db?: AuditWriter;
}

export async function recordAudit(entry: AuditEntry): Promise<void> {
  const db = entry.db ?? getDb();
  const details = redact(entry.details ?? {}) as Prisma.InputJsonObject;
  await db.auditLog.create({
    data: {
      action: entry.action,
      outcome: entry.outcome,
      actorId: entry.actor?.id ?? null,
      actorEmail: entry.actor?.email ?? entry.actorEmail ?? null,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      ip: entry.ip ?? null,
      details,
    },
  });
  logger.info(
    { audit: { action: entry.action, outcome: entry.outcome, actor: entry.actor?.email } },
    "audit",
  );
}
