import "server-only";
import { fromPrisma } from "pg-boss";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/audit";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { getDb, type Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { getPool } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";
import { systemClock } from "@/lib/integrations/core/clock";
import { SharedTokenBucket, type TokenSource } from "@/lib/integrations/core/rate-limiter";
import { sanitizeText } from "@/lib/integrations/core/sanitize";
import { findProvider } from "@/lib/integrations/runtime";
import { defineJob, PermanentJobError } from "@/lib/jobs/job";
import { enqueue, getJobQueue } from "@/lib/jobs/queue";
import { logger } from "@/lib/logger";
import { parseInput } from "@/lib/validation";
import { storedFilterSchema, view, type BulkReplayView } from "./bulk-replay-view";
import {
  deliveryConditions,
  deliveryFilterSchema,
  readDeliveryFilter,
  whereClause,
  type DeliveryFilter,
} from "./filters";
import { processDelivery, recordFailure, type ProviderLookup } from "./process";

/** Deliveries read per query; progress is written after each chunk. */
const CHUNK = 50;
/** How long one job runs before it hands over to the next: well inside the job's expiry. */
const SLICE_MS = 15_000;
/** Statuses a bulk replay takes when the filter names none. */
const DEFAULT_STATUSES = ["FAILED", "DEAD_LETTERED"] as const;
const REPLAYABLE = new Set(["RECEIVED", "PROCESSING", "FAILED", "DEAD_LETTERED"]);
/** A replay in any other status is over: a late or duplicate job for it does nothing. */
const ACTIVE: ("QUEUED" | "RUNNING")[] = ["QUEUED", "RUNNING"];
const isActive = (status: string) => ACTIVE.some((active) => active === status);

const startSchema = z.strictObject({
  filter: z.record(z.string(), z.string().max(300)).default({}),
});

function replayConditions(filter: DeliveryFilter, receivedUntil: Date): Prisma.Sql[] {
  const conditions = deliveryConditions(filter);
  if (!filter.status)
    conditions.push(
      Prisma.sql`"status" IN (${Prisma.join(DEFAULT_STATUSES.map((status) => Prisma.sql`${status}::"WebhookDeliveryStatus"`))})`,
    );
  conditions.push(Prisma.sql`"receivedAt" <= ${receivedUntil}`);
  return conditions;
}

function storedFilter(filter: DeliveryFilter) {
  return {
    provider: filter.provider,
    eventType: filter.eventType,
    status: filter.status,
    eventId: filter.eventId,
    from: filter.from?.toISOString(),
    to: filter.to?.toISOString(),
  };
}

/**
 * Starts replaying every delivery that matches a filter (by default the failed and dead-lettered
 * ones), received up to now. The replay row, its first job and the audit row commit together;
 * the `webhook-replay` job then works through the matches, paced under each provider's limit.
 */
export async function startBulkReplay(options: {
  actor: Actor;
  input: unknown;
  ip?: string | null;
}): Promise<BulkReplayView> {
  await authorize(options.actor, "webhooks:replay", { resource: "webhook-deliveries" });
  const input = parseInput(startSchema, options.input ?? {});
  const parsed = readDeliveryFilter(input.filter);
  const filter = parsed.success ? parsed.data : parseInput(deliveryFilterSchema, input.filter);
  if (filter.status && !REPLAYABLE.has(filter.status)) {
    throw new AppError(
      "VALIDATION_FAILED",
      filter.status === "PROCESSED"
        ? "Processed deliveries are never replayed: their effect happened once already."
        : "Rejected deliveries failed verification and are never processed; ask the provider to send them again.",
      { fieldErrors: { status: ["Not a replayable status."] } },
    );
  }
  const receivedUntil = new Date();
  // Started before the transaction, which on the embedded database holds the pool's one connection.
  await getJobQueue();
  return getDb().$transaction(async (tx) => {
    const [counted] = await tx.$queryRaw<{ total: number }[]>`
      SELECT count(*)::int AS "total" FROM "WebhookDelivery"
      ${whereClause(replayConditions(filter, receivedUntil))}`;
    const total = counted?.total ?? 0;
    if (total === 0) {
      throw new AppError("VALIDATION_FAILED", "No replayable delivery matches this filter.", {
        fieldErrors: { filter: ["Nothing to replay."] },
      });
    }
    const replay = await tx.webhookReplay.create({
      data: {
        requestedById: options.actor.id,
        requestedBy: options.actor.email,
        filter: storedFilter(filter),
        total,
        receivedUntil,
      },
    });
    await enqueue(bulkReplayJob, [{ data: { replayId: replay.id, step: 0 } }], {
      db: fromPrisma(tx),
    });
    await recordAudit({
      db: tx,
      action: "webhook.bulk_replay",
      outcome: "SUCCESS",
      actor: options.actor,
      ip: options.ip,
      target: { type: "webhook-replay", id: replay.id },
      details: { filter: storedFilter(filter), total },
    });
    return view(replay);
  });
}

/** One token per replayed delivery, from a bucket as large as the provider's configured limit. */
export type ReplayPacer = (provider: string) => TokenSource;

function defaultPacer(lookup: ProviderLookup): ReplayPacer {
  const buckets = new Map<string, TokenSource>();
  return (provider) => {
    let bucket = buckets.get(provider);
    if (!bucket) {
      const limit = lookup(provider)?.definition.rateLimitPerSecond ?? 1;
      // Its own key: a replay's pace is the provider's limit, shared by every instance and every
      // replay running at once, without taking tokens from the provider's API calls.
      bucket = new SharedTokenBucket(`webhook-replay:${provider}`, limit, systemClock, {
        pool: getPool(),
      });
      buckets.set(provider, bucket);
    }
    return bucket;
  };
}

async function acquire(source: TokenSource) {
  for (;;) {
    try {
      await source.acquire(Date.now() + 30_000);
      return;
    } catch (error) {
      // The deadline passed with the bucket still empty (another replay holds it): wait on.
      logger.debug({ err: error }, "replay pacing: still waiting for a token");
    }
  }
}

interface Deps {
  lookup: ProviderLookup;
  pacer: ReplayPacer;
  db: Db;
}

/**
 * One slice of a bulk replay: from the stored cursor, each matching delivery is processed in
 * turn (exactly once: processDelivery skips what is already processed) after taking a token from
 * its provider's bucket, with progress and cursor written after each chunk. After SLICE_MS the
 * slice hands over to a new job (cursor, step and job in one transaction). A job whose step is
 * not the replay's current one is a stale duplicate and does nothing.
 */
export async function runBulkReplaySlice(
  data: { replayId: string; step: number },
  deps: Deps,
): Promise<"finished" | "continued" | "stale" | "cancelled"> {
  const { db } = deps;
  const replay = await db.webhookReplay.findUnique({ where: { id: data.replayId } });
  if (!replay || replay.step !== data.step || !isActive(replay.status)) return "stale";
  if (replay.status === "QUEUED")
    await db.webhookReplay.updateMany({
      where: { id: replay.id, status: "QUEUED" },
      data: { status: "RUNNING", startedAt: new Date() },
    });
  const stored = storedFilterSchema.safeParse(replay.filter);
  const filter = deliveryFilterSchema.safeParse(stored.success ? stored.data : {});
  if (!filter.success) throw new PermanentJobError("the replay's stored filter is unreadable");
  const sliceEnds = Date.now() + SLICE_MS;
  let cursor =
    replay.cursorAt && replay.cursorId ? { at: replay.cursorAt, id: replay.cursorId } : null;
  for (;;) {
    const conditions = replayConditions(filter.data, replay.receivedUntil);
    if (cursor)
      conditions.push(Prisma.sql`("receivedAt", "id") > (${cursor.at}, ${cursor.id}::uuid)`);
    const chunk = await db.$queryRaw<{ id: string; provider: string; receivedAt: Date }[]>`
      SELECT "id", "provider", "receivedAt" FROM "WebhookDelivery"
      ${whereClause(conditions)}
      ORDER BY "receivedAt", "id"
      LIMIT ${CHUNK}`;
    const last = chunk.at(-1);
    if (!last) {
      const ended = await db.webhookReplay.updateMany({
        where: { id: replay.id, status: "RUNNING" },
        data: { status: "FINISHED", finishedAt: new Date() },
      });
      if (ended.count === 0) return "cancelled";
      const finished = await db.webhookReplay.findUniqueOrThrow({ where: { id: replay.id } });
      await recordAudit({
        action: "webhook.bulk_replay_finished",
        outcome: "SUCCESS",
        actor: replay.requestedById
          ? { id: replay.requestedById, email: replay.requestedBy }
          : null,
        ip: null,
        target: { type: "webhook-replay", id: replay.id },
        details: {
          total: finished.total,
          replayed: finished.replayed,
          skipped: finished.skipped,
          failed: finished.failed,
        },
      });
      return "finished";
    }
    const counts = { replayed: 0, skipped: 0, failed: 0 };
    let lastError: string | null = null;
    let handled: (typeof chunk)[number] | null = null;
    let cancelled = false;
    for (const row of chunk) {
      await acquire(deps.pacer(row.provider));
      // Looked up before each delivery, so a cancel takes effect within one delivery's time.
      if (await wasCancelled(db, replay.id)) {
        cancelled = true;
        break;
      }
      try {
        const result = await processDelivery({ deliveryId: row.id, lookup: deps.lookup, db });
        if (result === "already-processed") counts.skipped += 1;
        else counts.replayed += 1;
      } catch (error) {
        counts.failed += 1;
        lastError = sanitizeText(error instanceof Error ? error.message : String(error), 500);
        // Nothing retries it after a replay: it waits, dead-lettered, for the next one.
        await recordFailure({ deliveryId: row.id, error, deadLettered: true, db });
      }
      handled = row;
    }
    if (!handled) return "cancelled";
    const through = handled;
    cursor = { at: through.receivedAt, id: through.id };
    const handOver = !cancelled && Date.now() >= sliceEnds;
    await db.$transaction(async (tx) => {
      await tx.webhookReplay.update({
        where: { id: replay.id },
        data: {
          replayed: { increment: counts.replayed },
          skipped: { increment: counts.skipped },
          failed: { increment: counts.failed },
          ...(lastError ? { lastError } : {}),
          cursorAt: through.receivedAt,
          cursorId: through.id,
          ...(handOver ? { step: { increment: 1 } } : {}),
        },
      });
      if (handOver)
        await enqueue(bulkReplayJob, [{ data: { replayId: replay.id, step: data.step + 1 } }], {
          db: fromPrisma(tx),
        });
    });
    if (cancelled) return "cancelled";
    if (handOver) return "continued";
  }
}

async function wasCancelled(db: Db, replayId: string): Promise<boolean> {
  const current = await db.webhookReplay.findUnique({
    where: { id: replayId },
    select: { status: true },
  });
  return current?.status === "CANCELLED";
}

/**
 * Stops a queued or running bulk replay. Deliveries it already handled keep their outcome; the
 * rest stay as they are, to be replayed again later. A slice in progress finishes the delivery
 * in hand and stops before the next one; the cancel and its audit row commit together.
 */
export async function cancelBulkReplay(options: {
  actor: Actor;
  id: string;
  ip?: string | null;
}): Promise<BulkReplayView> {
  await authorize(options.actor, "webhooks:replay", {
    resource: `webhook-replay:${options.id}`,
  });
  const id = z.uuid().safeParse(options.id);
  if (!id.success) throw new AppError("NOT_FOUND", "There is no such replay.");
  return getDb().$transaction(async (tx) => {
    const stopped = await tx.webhookReplay.updateMany({
      where: { id: id.data, status: { in: ACTIVE } },
      data: { status: "CANCELLED", finishedAt: new Date(), cancelledBy: options.actor.email },
    });
    const replay = await tx.webhookReplay.findUnique({ where: { id: id.data } });
    if (!replay) throw new AppError("NOT_FOUND", "There is no such replay.");
    if (stopped.count === 0) {
      throw new AppError(
        "CONFLICT",
        replay.status === "CANCELLED"
          ? "This replay was already cancelled."
          : "This replay has already ended; there is nothing to cancel.",
      );
    }
    await recordAudit({
      db: tx,
      action: "webhook.bulk_replay_cancelled",
      outcome: "SUCCESS",
      actor: options.actor,
      ip: options.ip,
      target: { type: "webhook-replay", id: replay.id },
      details: {
        total: replay.total,
        replayed: replay.replayed,
        skipped: replay.skipped,
        failed: replay.failed,
      },
    });
    return view(replay);
  });
}

/** The job that works a bulk replay; a test may give its own providers and pacer. */
export function createBulkReplayJob(options: { lookup: ProviderLookup; pacer?: ReplayPacer }) {
  const pacer = options.pacer ?? defaultPacer(options.lookup);
  return defineJob({
    queue: "webhook-replay",
    data: z.object({ replayId: z.uuid(), step: z.number().int().min(0) }),
    batchSize: 1,
    options: {
      retryLimit: 5,
      retryDelay: 5,
      retryBackoff: true,
      // A slice runs SLICE_MS plus one chunk; a worker that dies is noticed after this.
      expireInSeconds: 120,
    },
    async handle(data, attempt) {
      try {
        await runBulkReplaySlice(data, { lookup: options.lookup, pacer, db: getDb() });
      } catch (error) {
        await getDb()
          .webhookReplay.updateMany({
            where: { id: data.replayId, status: { in: ACTIVE } },
            data: {
              lastError: sanitizeText(error instanceof Error ? error.message : String(error), 500),
              // No retry follows: the page must not show it running forever.
              ...(attempt.finalAttempt
                ? { status: "FAILED" as const, finishedAt: new Date() }
                : {}),
            },
          })
          .catch(() => undefined);
        throw error;
      }
    },
  });
}

export const bulkReplayJob = createBulkReplayJob({ lookup: findProvider });
