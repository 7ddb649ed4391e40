import "server-only";
import { z } from "zod";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { getDb, type Prisma } from "@/lib/db/client";
import { afterCursor, decodeCursor, encodeCursor } from "@/lib/email/queries/cursor";
import { parseInput } from "@/lib/validation";
import { normalizeAddress } from "./address";
import { auditFilterSchema, auditWhere } from "./filters";

export const auditQuerySchema = z.intersection(
  auditFilterSchema,
  z.object({
    /** Older API clients page by time; `after` (keyset) is exact when rows share a timestamp. */
    before: z.iso.datetime({ error: "before must be an ISO date-time" }).optional(),
    after: z.string().max(200, "The page link is broken; start from the first page.").optional(),
    limit: z.coerce
      .number({ error: "limit is a number from 1 to 200" })
      .int("limit is a number from 1 to 200")
      .min(1, "limit is a number from 1 to 200")
      .max(200, "limit is a number from 1 to 200")
      .default(50),
  }),
);

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

type AuditRow = Prisma.AuditLogGetPayload<object>;

export function auditEntryView(row: AuditRow): AuditEntryView {
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    action: row.action,
    outcome: row.outcome,
    actorEmail: row.actorEmail,
    target: row.targetType ? `${row.targetType}:${row.targetId ?? ""}` : null,
    // Rows written before addresses were normalised at write time.
    ip: normalizeAddress(row.ip),
    details: row.details,
    count: row.count,
    lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
  };
}

/** The audit log, newest first, one page at a time. Read-only: the console has no way to edit it. */
export async function listAuditEntries(options: { actor: Actor; query: unknown }) {
  await authorize(options.actor, "audit:read", { resource: "audit-log" });
  const query = parseInput(auditQuerySchema, options.query);
  const cursor = decodeCursor(query.after);
  const rows = await getDb().auditLog.findMany({
    where: {
      AND: [
        auditWhere(query),
        afterCursor(cursor),
        query.before ? { createdAt: { lt: new Date(query.before) } } : {},
      ],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const more = rows.length > query.limit && last !== undefined;
  return {
    entries: page.map(auditEntryView),
    next: more ? encodeCursor(last) : null,
    nextBefore: more ? last.createdAt.toISOString() : null,
  };
}
