import "server-only";
import { z } from "zod";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { parseInput } from "@/lib/validation";

export const auditQuerySchema = z.object({
  action: z.string().trim().max(100, "action filter is at most 100 characters").optional(),
  outcome: z
    .enum(["SUCCESS", "FAILURE", "DENIED"], { error: "outcome must be SUCCESS, FAILURE or DENIED" })
    .optional(),
  before: z.iso.datetime({ error: "before must be an ISO date-time" }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export interface AuditEntryView {
  id: string;
  createdAt: string;
  action: string;
  outcome: "SUCCESS" | "FAILURE" | "DENIED";
  actorEmail: string | null;
  target: string | null;
  ip: string | null;
  details: unknown;
  /** Events this row stands for (folded anonymous denials and refused sign-ins); 1 otherwise. */
  count: number;
  lastSeenAt: string | null;
}

export async function listAuditEntries(options: { actor: Actor; query: unknown }) {
  await authorize(options.actor, "audit:read", { resource: "audit-log" });
  const query = parseInput(auditQuerySchema, options.query);
  const rows = await getDb().auditLog.findMany({
    where: {
      action: query.action ? { startsWith: query.action } : undefined,
      outcome: query.outcome,
      createdAt: query.before ? { lt: new Date(query.before) } : undefined,
    },
    orderBy: { createdAt: "desc" },
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const entries: AuditEntryView[] = page.map((row) => ({
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    action: row.action,
    outcome: row.outcome,
    actorEmail: row.actorEmail,
    target: row.targetType ? `${row.targetType}:${row.targetId ?? ""}` : null,
    ip: row.ip,
    details: row.details,
    count: row.count,
    lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
  }));
  return {
    entries,
    nextBefore: rows.length > query.limit ? (page.at(-1)?.createdAt.toISOString() ?? null) : null,
  };
}
