import "server-only";
import { z } from "zod";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { parseInput } from "@/lib/validation";
import { addressKey } from "../addresses";

export const unmatchedSchema = z.object({
  q: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.string().trim().max(320).optional(),
  ),
  before: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.iso.datetime({ error: "before must be an ISO date-time" }).optional(),
  ),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/**
 * Events SendGrid reported for messages the console did not send (or cannot find): kept, and
 * listed here newest first, so nothing SendGrid said is silently lost.
 */
export async function listUnmatchedEvents(options: { actor: Actor; input: unknown }) {
  await authorize(options.actor, "console:read", { resource: "email-events:unmatched" });
  const input = parseInput(unmatchedSchema, options.input);
  const rows = await getDb().emailEvent.findMany({
    where: {
      messageId: null,
      emailKey: input.q ? addressKey(input.q) : undefined,
      receivedAt: input.before ? { lt: new Date(input.before) } : undefined,
    },
    orderBy: { receivedAt: "desc" },
    take: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  return {
    events: page.map((row) => ({
      id: row.id,
      type: row.type,
      email: row.email,
      occurredAt: row.occurredAt.toISOString(),
      receivedAt: row.receivedAt.toISOString(),
      sgMessageId: row.sgMessageId,
      sgEventId: row.sgEventId,
      reason: row.reason,
    })),
    nextBefore: rows.length > input.limit ? (page.at(-1)?.receivedAt.toISOString() ?? null) : null,
  };
}
