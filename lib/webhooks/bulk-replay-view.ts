import "server-only";
import { z } from "zod";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { getDb, type Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

// Apart from bulk-replay.ts, which imports the job queue: pages import this, and the queue's
// job definitions would otherwise be pulled into the page's module graph (an import cycle).

/** The filter as stored on the replay: dates as ISO strings, so the job reads it back exactly. */
export const storedFilterSchema = z.object({
  provider: z.string().optional(),
  eventType: z.string().optional(),
  status: z.string().optional(),
  eventId: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
});

export interface BulkReplayView {
  id: string;
  status: "QUEUED" | "RUNNING" | "FINISHED" | "FAILED" | "CANCELLED";
  requestedBy: string;
  filter: z.infer<typeof storedFilterSchema>;
  total: number;
  replayed: number;
  skipped: number;
  failed: number;
  done: number;
  lastError: string | null;
  cancelledBy: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

type ReplayRecord = Awaited<ReturnType<Db["webhookReplay"]["findUniqueOrThrow"]>>;

export function view(replay: ReplayRecord): BulkReplayView {
  const filter = storedFilterSchema.safeParse(replay.filter);
  return {
    id: replay.id,
    status: replay.status,
    requestedBy: replay.requestedBy,
    filter: filter.success ? filter.data : {},
    total: replay.total,
    replayed: replay.replayed,
    skipped: replay.skipped,
    failed: replay.failed,
    done: replay.replayed + replay.skipped + replay.failed,
    lastError: replay.lastError,
    cancelledBy: replay.cancelledBy,
    createdAt: replay.createdAt,
    startedAt: replay.startedAt,
    finishedAt: replay.finishedAt,
  };
}

export async function getBulkReplay(options: { actor: Actor; id: string }) {
  await authorize(options.actor, "console:read", { resource: `webhook-replay:${options.id}` });
  const id = z.uuid().safeParse(options.id);
  const replay = id.success
    ? await getDb().webhookReplay.findUnique({ where: { id: id.data } })
    : null;
  if (!replay) throw new AppError("NOT_FOUND", "There is no such replay.");
  return view(replay);
}

/** The latest bulk replays, newest first, for the deliveries page. */
export async function listBulkReplays(options: { actor: Actor; limit?: number }) {
  await authorize(options.actor, "console:read", { resource: "webhook-replays" });
  const rows = await getDb().webhookReplay.findMany({
    orderBy: { createdAt: "desc" },
    take: options.limit ?? 5,
  });
  return rows.map(view);
}
