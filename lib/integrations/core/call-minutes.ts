import { getDb, type Db } from "@/lib/db/client";
import type { ApiCallOutcome } from "@/lib/db/generated/enums";
import { logger } from "@/lib/logger";
import { bucketIndex, emptyBuckets } from "./latency-histogram";

export interface CallMinuteSample {
  provider: string;
  at: number;
  outcome: ApiCallOutcome;
  /** Whether the attempt reached the provider; only those have a latency worth charting. */
  reached: boolean;
  durationMs: number;
  httpStatus: number | null;
  /** The core's user message for a failure; null for a success. */
  errorMessage: string | null;
}

interface MinuteEntry {
  provider: string;
  minute: number;
  attempts: number;
  successes: number;
  httpErrors: number;
  networkErrors: number;
  timeouts: number;
  circuitRefusals: number;
  rateLimitRefusals: number;
  throttled: number;
  buckets: number[];
  maxMs: number;
  lastErrorAt: number | null;
  lastErrorMessage: string | null;
}

// One statement per flush: rows as one JSON parameter, added to what other instances wrote. The
// histograms add element-wise; the last error is the later of the two.
const UPSERT = `
  INSERT INTO "ApiCallMinute" AS m
    ("provider", "minute", "attempts", "successes", "httpErrors", "networkErrors", "timeouts",
     "circuitRefusals", "rateLimitRefusals", "throttled", "latencyBuckets", "latencyMaxMs",
     "lastErrorAt", "lastErrorMessage")
  SELECT r.provider, timestamp '1970-01-01' + r.minute_ms * interval '1 millisecond',
         r.attempts, r.successes, r.http_errors, r.network_errors, r.timeouts, r.circuit_refusals,
         r.rate_limit_refusals, r.throttled, r.buckets::int4[], r.max_ms,
         timestamp '1970-01-01' + r.last_error_ms * interval '1 millisecond', r.last_error_message
  FROM jsonb_to_recordset($1::jsonb)
    AS r(provider text, minute_ms float8, attempts int4, successes int4, http_errors int4,
         network_errors int4, timeouts int4, circuit_refusals int4, rate_limit_refusals int4,
         throttled int4, buckets text, max_ms int4, last_error_ms float8, last_error_message text)
  ON CONFLICT ("provider", "minute") DO UPDATE SET
    "attempts" = m."attempts" + EXCLUDED."attempts",
    "successes" = m."successes" + EXCLUDED."successes",
    "httpErrors" = m."httpErrors" + EXCLUDED."httpErrors",
    "networkErrors" = m."networkErrors" + EXCLUDED."networkErrors",
    "timeouts" = m."timeouts" + EXCLUDED."timeouts",
    "circuitRefusals" = m."circuitRefusals" + EXCLUDED."circuitRefusals",
    "rateLimitRefusals" = m."rateLimitRefusals" + EXCLUDED."rateLimitRefusals",
    "throttled" = m."throttled" + EXCLUDED."throttled",
    "latencyBuckets" = ARRAY(
      SELECT COALESCE(a, 0) + COALESCE(b, 0)
      FROM unnest(m."latencyBuckets", EXCLUDED."latencyBuckets") WITH ORDINALITY AS t(a, b, i)
      ORDER BY i),
    "latencyMaxMs" = GREATEST(m."latencyMaxMs", EXCLUDED."latencyMaxMs"),
    "lastErrorMessage" = CASE WHEN EXCLUDED."lastErrorAt" IS NOT NULL
        AND (m."lastErrorAt" IS NULL OR EXCLUDED."lastErrorAt" >= m."lastErrorAt")
      THEN EXCLUDED."lastErrorMessage" ELSE m."lastErrorMessage" END,
    "lastErrorAt" = GREATEST(m."lastErrorAt", EXCLUDED."lastErrorAt")`;

/**
 * Per-minute outcome counts and latency histograms per provider, added up in memory and written
 * as increments (like the usage meter), so the health pages never scan the raw API-call log.
 */
export class CallMinuteMeter {
  private entries = new Map<string, MinuteEntry>();
  private last: MinuteEntry | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly db: () => Db = getDb,
    private readonly flushIntervalMs = 2_000,
  ) {}

  start() {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), this.flushIntervalMs);
    this.timer.unref();
  }

  record(sample: CallMinuteSample) {
    const minute = Math.floor(sample.at / 60_000) * 60_000;
    let entry = this.last;
    if (entry === undefined || entry.minute !== minute || entry.provider !== sample.provider) {
      const key = `${sample.provider}\u0000${minute}`;
      entry = this.entries.get(key);
      if (!entry) {
        entry = newEntry(sample.provider, minute);
        this.entries.set(key, entry);
      }
      this.last = entry;
    }
    entry.attempts += 1;
    switch (sample.outcome) {
      case "SUCCESS":
        entry.successes += 1;
        break;
      case "HTTP_ERROR":
        entry.httpErrors += 1;
        break;
      case "NETWORK_ERROR":
        entry.networkErrors += 1;
        break;
      case "TIMEOUT":
        entry.timeouts += 1;
        break;
      case "CIRCUIT_OPEN":
        entry.circuitRefusals += 1;
        break;
      case "RATE_LIMITED":
        entry.rateLimitRefusals += 1;
        break;
    }
    if (sample.httpStatus === 429) entry.throttled += 1;
    if (sample.reached) {
      const index = bucketIndex(sample.durationMs);
      entry.buckets[index] = (entry.buckets[index] ?? 0) + 1;
      entry.maxMs = Math.max(entry.maxMs, Math.round(sample.durationMs));
    }
    if (sample.errorMessage !== null && (entry.lastErrorAt ?? 0) <= sample.at) {
      entry.lastErrorAt = sample.at;
      entry.lastErrorMessage = sample.errorMessage;
    }
  }

  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async drain() {
    if (this.entries.size === 0) return;
    const entries = [...this.entries.values()];
    this.entries = new Map();
    this.last = undefined;
    const rows = entries.map((entry) => ({
      provider: entry.provider,
      minute_ms: entry.minute,
      attempts: entry.attempts,
      successes: entry.successes,
      http_errors: entry.httpErrors,
      network_errors: entry.networkErrors,
      timeouts: entry.timeouts,
      circuit_refusals: entry.circuitRefusals,
      rate_limit_refusals: entry.rateLimitRefusals,
      throttled: entry.throttled,
      buckets: `{${entry.buckets.join(",")}}`,
      max_ms: entry.maxMs,
      last_error_ms: entry.lastErrorAt,
      last_error_message: entry.lastErrorMessage,
    }));
    // jsonb refuses \u0000, which a provider's message could carry into the user message.
    const json = JSON.stringify(rows).replace(/(?<!\\)((?:\\\\)*)\\u0000/g, "$1\\ufffd");
    try {
      await this.db().$executeRawUnsafe(UPSERT, json);
    } catch (error) {
      for (const entry of entries) this.merge(entry);
      logger.warn({ err: error }, "could not write per-minute call figures; will retry");
    }
  }

  private merge(entry: MinuteEntry) {
    const key = `${entry.provider}\u0000${entry.minute}`;
    const existing = this.entries.get(key);
    if (!existing) {
      this.entries.set(key, entry);
      return;
    }
    existing.attempts += entry.attempts;
    existing.successes += entry.successes;
    existing.httpErrors += entry.httpErrors;
    existing.networkErrors += entry.networkErrors;
    existing.timeouts += entry.timeouts;
    existing.circuitRefusals += entry.circuitRefusals;
    existing.rateLimitRefusals += entry.rateLimitRefusals;
    existing.throttled += entry.throttled;
    entry.buckets.forEach((count, index) => {
      existing.buckets[index] = (existing.buckets[index] ?? 0) + count;
    });
    existing.maxMs = Math.max(existing.maxMs, entry.maxMs);
    if (entry.lastErrorAt !== null && (existing.lastErrorAt ?? 0) <= entry.lastErrorAt) {
      existing.lastErrorAt = entry.lastErrorAt;
      existing.lastErrorMessage = entry.lastErrorMessage;
    }
  }

  async stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}

function newEntry(provider: string, minute: number): MinuteEntry {
  return {
    provider,
    minute,
    attempts: 0,
    successes: 0,
    httpErrors: 0,
    networkErrors: 0,
    timeouts: 0,
    circuitRefusals: 0,
    rateLimitRefusals: 0,
    throttled: 0,
    buckets: emptyBuckets(),
    maxMs: 0,
    lastErrorAt: null,
    lastErrorMessage: null,
  };
}
