import { getDb } from "@/lib/db/client";
import { addBuckets, emptyBuckets, percentile, type Percentile } from "./latency-histogram";

/** The columns of one ApiCallMinute row the health pages read. */
export interface MinuteRow {
  provider: string;
  minute: Date;
  attempts: number;
  successes: number;
  httpErrors: number;
  networkErrors: number;
  timeouts: number;
  circuitRefusals: number;
  rateLimitRefusals: number;
  throttled: number;
  latencyBuckets: number[];
  latencyMaxMs: number;
}

export interface WindowStats {
  minutes: number;
  attempts: number;
  failures: number;
  /** Failed attempts over all attempts (local refusals included), 0..1; null without attempts. */
  errorRate: number | null;
  throttled: number;
  circuitRefusals: number;
  p50: Percentile | null;
  p95: Percentile | null;
  p99: Percentile | null;
}

export const WINDOWS = [1, 15, 60] as const;

export function minuteFloor(at: number): number {
  return Math.floor(at / 60_000) * 60_000;
}

/** Rows of the last `minutes` minutes, the current one included, for every provider or one. */
export async function readCallMinutes(options: {
  minutes: number;
  now: number;
  provider?: string;
}): Promise<MinuteRow[]> {
  const since = new Date(minuteFloor(options.now) - (options.minutes - 1) * 60_000);
  return getDb().apiCallMinute.findMany({
    where: {
      ...(options.provider ? { provider: options.provider } : {}),
      minute: { gte: since },
    },
    select: {
      provider: true,
      minute: true,
      attempts: true,
      successes: true,
      httpErrors: true,
      networkErrors: true,
      timeouts: true,
      circuitRefusals: true,
      rateLimitRefusals: true,
      throttled: true,
      latencyBuckets: true,
      latencyMaxMs: true,
    },
    orderBy: { minute: "asc" },
  });
}

/** Sums the rows that fall in the last `minutes` minutes before `now`. */
export function windowStats(rows: readonly MinuteRow[], minutes: number, now: number): WindowStats {
  const since = minuteFloor(now) - (minutes - 1) * 60_000;
  const buckets = emptyBuckets();
  let attempts = 0;
  let successes = 0;
  let throttled = 0;
  let circuitRefusals = 0;
  let maxMs = 0;
  for (const row of rows) {
    if (row.minute.getTime() < since) continue;
    attempts += row.attempts;
    successes += row.successes;
    throttled += row.throttled;
    circuitRefusals += row.circuitRefusals;
    addBuckets(buckets, row.latencyBuckets);
    maxMs = Math.max(maxMs, row.latencyMaxMs);
  }
  const failures = attempts - successes;
  return {
    minutes,
    attempts,
    failures,
    errorRate: attempts === 0 ? null : failures / attempts,
    throttled,
    circuitRefusals,
    p50: percentile(buckets, 0.5, maxMs),
    p95: percentile(buckets, 0.95, maxMs),
    p99: percentile(buckets, 0.99, maxMs),
  };
}

/** The latest failure's message within the last day, per provider (one index probe each). */
export async function readLastErrors(options: {
  providers: readonly string[];
  now: number;
}): Promise<Map<string, { at: Date; message: string }>> {
  const since = new Date(options.now - 24 * 60 * 60_000);
  const found = await Promise.all(
    options.providers.map((provider) =>
      getDb().apiCallMinute.findFirst({
        where: { provider, minute: { gte: since }, lastErrorAt: { not: null } },
        orderBy: { minute: "desc" },
        select: { lastErrorAt: true, lastErrorMessage: true },
      }),
    ),
  );
  const result = new Map<string, { at: Date; message: string }>();
  options.providers.forEach((provider, index) => {
    const row = found[index];
    if (row?.lastErrorAt && row.lastErrorMessage)
      result.set(provider, { at: row.lastErrorAt, message: row.lastErrorMessage });
  });
  return result;
}

export interface QuotaReadingRow {
  provider: string;
  operation: string;
  minute: Date;
  quotaLimit: number | null;
  quotaRemaining: number;
  quotaResetAt: Date | null;
  recentCalls: number;
}

/**
 * Per provider and operation, the latest X-RateLimit reading of the last hour and the calls of
 * the last five minutes: one statement on the per-minute usage table.
 */
export async function readQuotaReadings(options: {
  now: number;
  provider?: string;
}): Promise<QuotaReadingRow[]> {
  const since = new Date(minuteFloor(options.now) - 59 * 60_000);
  const recentSince = new Date(minuteFloor(options.now) - 4 * 60_000);
  const provider = options.provider ?? null;
  return getDb().$queryRaw<QuotaReadingRow[]>`
    SELECT latest.provider, latest.operation, latest.minute, latest."quotaLimit",
           latest."quotaRemaining", latest."quotaResetAt",
           COALESCE((SELECT SUM(r.calls)::int FROM "ApiUsageMinute" r
                     WHERE r.provider = latest.provider AND r.operation = latest.operation
                       AND r.minute >= ${recentSince}), 0) AS "recentCalls"
    FROM (
      SELECT DISTINCT ON (provider, operation) provider, operation, minute, "quotaLimit",
             "quotaRemaining", "quotaResetAt"
      FROM "ApiUsageMinute"
      WHERE minute >= ${since} AND "quotaRemaining" IS NOT NULL
        AND (${provider}::text IS NULL OR provider = ${provider}::text)
      ORDER BY provider, operation, minute DESC
    ) latest`;
}
