import "server-only";
import { getDb } from "@/lib/db/client";
import {
  getCircuitStatuses,
  type CircuitPhase,
  type IntegrationCore,
} from "@/lib/integrations/core";
import { readQuotaReadings } from "@/lib/integrations/core/call-minute-stats";
import { CALL_DURATION_BOUNDS_MS } from "@/lib/integrations/core/call-totals";
import { getIntegrationCore } from "@/lib/integrations/runtime";

/** Upper bounds of the latency histogram, in milliseconds (exported in seconds). */
export const LATENCY_BUCKETS_MS = CALL_DURATION_BOUNDS_MS;

export interface CallFigures {
  provider: string;
  operation: string;
  outcome: string;
  calls: number;
  /** Calls at or under each bound of LATENCY_BUCKETS_MS, cumulative as Prometheus wants them. */
  buckets: number[];
  durationSumMs: number;
}

export interface QuotaFigures {
  provider: string;
  operation: string;
  limit: number | null;
  remaining: number;
  resetAt: Date | null;
}

export interface InboxFigures {
  provider: string;
  status: string;
  deliveries: number;
  oldestReceivedAt: Date | null;
}

export interface QueueFigures {
  queue: string;
  deadLetterQueue: string | null;
  jobs: Record<"created" | "retry" | "active" | "failed", number>;
}

export interface MetricsSnapshot {
  takenAt: Date;
  calls: CallFigures[];
  circuits: { provider: string; state: CircuitPhase }[];
  quotas: QuotaFigures[];
  inbox: InboxFigures[];
  queues: QueueFigures[];
}

/** Deliveries that are waiting for (or between) processing attempts, or gave up: the inbox's backlog. */
export const UNSETTLED_DELIVERY_STATUSES = [
  "RECEIVED",
  "PROCESSING",
  "FAILED",
  "DEAD_LETTERED",
] as const;

/**
 * Every attempt the API-call log has recorded, per provider, operation and outcome, with its
 * latency distribution: running totals kept in the database beside the log (one row per series,
 * whatever the log's size), so every instance gives the same answer.
 */
async function readCalls(): Promise<CallFigures[]> {
  const rows = await getDb().apiCallTotal.findMany({
    orderBy: [{ provider: "asc" }, { operation: "asc" }, { outcome: "asc" }],
  });
  return rows.map((row) => ({
    provider: row.provider,
    operation: row.operation,
    outcome: row.outcome,
    calls: Number(row.calls),
    buckets: row.durationBuckets.map(Number),
    durationSumMs: row.durationSumMs,
  }));
}

/**
 * The latest X-RateLimit-* reading per provider and operation within the last hour, as the health
 * pages show it: an older reading is past its window, and reading only the last hour's usage rows
 * keeps the scrape independent of how long the usage table is kept.
 */
async function readQuotas(now: Date): Promise<QuotaFigures[]> {
  const rows = await readQuotaReadings({ now: now.getTime() });
  return rows.map((row) => ({
    provider: row.provider,
    operation: row.operation,
    limit: row.quotaLimit,
    remaining: row.quotaRemaining,
    resetAt: row.quotaResetAt,
  }));
}

/** Unsettled deliveries per provider and status (the (status, receivedAt) index answers it). */
async function readInbox(): Promise<InboxFigures[]> {
  const rows = await getDb().webhookDelivery.groupBy({
    by: ["provider", "status"],
    where: { status: { in: [...UNSETTLED_DELIVERY_STATUSES] } },
    _count: { _all: true },
    _min: { receivedAt: true },
  });
  return rows.map((row) => ({
    provider: row.provider,
    status: row.status,
    deliveries: row._count._all,
    oldestReceivedAt: row._min.receivedAt,
  }));
}

/**
 * Live jobs per pg-boss queue and state, and each queue's dead-letter queue. Counted from the job
 * table (its partial index on live states), not pg-boss's cached counters, which only move on its
 * monitor's passes. Empty before the queue's schema exists (nothing has started pg-boss yet).
 */
async function readQueues(): Promise<QueueFigures[]> {
  const db = getDb();
  const [installed] = await db.$queryRaw<{ present: boolean }[]>`
    SELECT to_regclass('pgboss.job') IS NOT NULL AND to_regclass('pgboss.queue') IS NOT NULL AS "present"`;
  if (!installed?.present) return [];
  const queues = await db.$queryRaw<{ name: string; dead_letter: string | null }[]>`
    SELECT "name", "dead_letter" FROM pgboss.queue ORDER BY "name"`;
  const counts = await db.$queryRaw<{ name: string; state: string; jobs: number }[]>`
    SELECT "name", "state"::text AS "state", count(*)::float8 AS "jobs"
    FROM pgboss.job
    WHERE "state" IN ('created', 'retry', 'active', 'failed')
    GROUP BY "name", "state"`;
  const byQueue = new Map<string, QueueFigures>(
    queues.map((queue) => [
      queue.name,
      {
        queue: queue.name,
        deadLetterQueue: queue.dead_letter,
        jobs: { created: 0, retry: 0, active: 0, failed: 0 },
      },
    ]),
  );
  for (const row of counts) {
    const figures = byQueue.get(row.name);
    if (!figures) continue;
    if (
      row.state === "created" ||
      row.state === "retry" ||
      row.state === "active" ||
      row.state === "failed"
    )
      figures.jobs[row.state] = Number(row.jobs);
  }
  return [...byQueue.values()];
}

/**
 * Everything /api/metrics reports, read from the database only: several instances scraped at the
 * same moment answer the same figures, and a restart loses nothing.
 */
export async function readMetricsSnapshot(
  options: { core?: IntegrationCore; now?: Date } = {},
): Promise<MetricsSnapshot> {
  const now = options.now ?? new Date();
  const core = options.core ?? getIntegrationCore();
  // Sequential: on the embedded database the pool has one connection anyway.
  const calls = await readCalls();
  const circuits = await getCircuitStatuses({ core, now });
  const quotas = await readQuotas(now);
  const inbox = await readInbox();
  const queues = await readQueues();
  return {
    takenAt: now,
    calls,
    circuits: circuits.map((circuit) => ({ provider: circuit.provider, state: circuit.state })),
    quotas,
    inbox,
    queues,
  };
}
