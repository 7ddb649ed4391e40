import { z } from "zod";
import { getDb, type Db } from "@/lib/db/client";
import { logger } from "@/lib/logger";
import type { ResponseHeaders } from "./attempt";
import type { ProviderDefinition } from "./config-schema";

export interface QuotaReading {
  limit?: number;
  remaining?: number;
  resetAt?: number;
}

const count = z.coerce.number().int().min(0).max(2_147_483_647);
const resetValue = z.coerce.number().min(0);

/**
 * X-RateLimit-Limit / -Remaining / -Reset (or the provider's own names). Reset is read as an epoch
 * in seconds when it looks like one (SendGrid), otherwise as seconds from now (IETF draft style).
 */
export function readQuotaHeaders(
  headers: ResponseHeaders,
  names: Pick<ProviderDefinition["headers"], "quotaLimit" | "quotaRemaining" | "quotaReset">,
  now: number,
): QuotaReading | undefined {
  const rawLimit = headers.get(names.quotaLimit);
  const rawRemaining = headers.get(names.quotaRemaining);
  if (rawLimit === null && rawRemaining === null) return undefined;
  const limit = count.safeParse(rawLimit ?? undefined);
  const remaining = count.safeParse(rawRemaining ?? undefined);
  if (!limit.success && !remaining.success) return undefined;
  const reset = resetValue.safeParse(headers.get(names.quotaReset) ?? undefined);
  const reading: QuotaReading = {};
  if (limit.success) reading.limit = limit.data;
  if (remaining.success) reading.remaining = remaining.data;
  if (reset.success)
    reading.resetAt = reset.data > 1_000_000_000 ? reset.data * 1000 : now + reset.data * 1000;
  return reading;
}

interface MinuteCounters {
  provider: string;
  operation: string;
  minute: number;
  calls: number;
  errors: number;
  rateLimited: number;
  quota?: QuotaReading;
}

/**
 * Per-minute counts per provider and operation, added up in memory and written as increments, so
 * several instances sum into the same rows and the health page can chart and project them.
 */
export class UsageMeter {
  private counters = new Map<string, MinuteCounters>();
  /** The entry the previous call counted into; consecutive calls usually share it. */
  private last: MinuteCounters | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly db: () => Db = getDb,
    private readonly flushIntervalMs = 5_000,
  ) {}

  start() {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), this.flushIntervalMs);
    this.timer.unref();
  }

  record(
    provider: string,
    operation: string,
    at: number,
    outcome: { error: boolean; rateLimited: boolean; quota?: QuotaReading },
  ) {
    const minute = Math.floor(at / 60_000) * 60_000;
    let entry = this.last;
    if (
      entry === undefined ||
      entry.minute !== minute ||
      entry.operation !== operation ||
      entry.provider !== provider
    ) {
      const key = `${provider}\u0000${operation}\u0000${minute}`;
      entry = this.counters.get(key);
      if (!entry) {
        entry = { provider, operation, minute, calls: 0, errors: 0, rateLimited: 0 };
        this.counters.set(key, entry);
      }
      this.last = entry;
    }
    entry.calls += 1;
    if (outcome.error) entry.errors += 1;
    if (outcome.rateLimited) entry.rateLimited += 1;
    if (outcome.quota) entry.quota = outcome.quota;
  }

  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async drain() {
    if (this.counters.size === 0) return;
    const entries = [...this.counters.values()];
    this.counters = new Map();
    this.last = undefined;
    const count = entries.length;
    const provider = new Array<string>(count);
    const operation = new Array<string>(count);
    const minute = new Array<number>(count);
    const calls = new Array<number>(count);
    const errors = new Array<number>(count);
    const rateLimited = new Array<number>(count);
    const quotaLimit = new Array<number | null>(count);
    const quotaRemaining = new Array<number | null>(count);
    const quotaResetAt = new Array<number | null>(count);
    for (let index = 0; index < count; index++) {
      const entry = entries[index] as MinuteCounters;
      provider[index] = entry.provider;
      operation[index] = entry.operation;
      minute[index] = entry.minute;
      calls[index] = entry.calls;
      errors[index] = entry.errors;
      rateLimited[index] = entry.rateLimited;
      quotaLimit[index] = entry.quota?.limit ?? null;
      quotaRemaining[index] = entry.quota?.remaining ?? null;
      quotaResetAt[index] = entry.quota?.resetAt ?? null;
    }
    try {
      // One statement for all entries; the keys are unique within it, as they come from one map.
      await this.db().$executeRaw`
        INSERT INTO "ApiUsageMinute"
          ("provider", "operation", "minute", "calls", "errors", "rateLimited", "quotaLimit", "quotaRemaining", "quotaResetAt")
        SELECT u.provider, u.operation, timestamp '1970-01-01' + u.minute_ms * interval '1 millisecond',
               u.calls, u.errors, u.rate_limited, u.quota_limit, u.quota_remaining,
               timestamp '1970-01-01' + u.quota_reset_ms * interval '1 millisecond'
        FROM unnest(${provider}::text[], ${operation}::text[], ${minute}::float8[], ${calls}::int4[],
                    ${errors}::int4[], ${rateLimited}::int4[], ${quotaLimit}::int4[],
                    ${quotaRemaining}::int4[], ${quotaResetAt}::float8[])
          AS u(provider, operation, minute_ms, calls, errors, rate_limited, quota_limit,
               quota_remaining, quota_reset_ms)
        ON CONFLICT ("provider", "operation", "minute") DO UPDATE SET
          "calls" = "ApiUsageMinute"."calls" + EXCLUDED."calls",
          "errors" = "ApiUsageMinute"."errors" + EXCLUDED."errors",
          "rateLimited" = "ApiUsageMinute"."rateLimited" + EXCLUDED."rateLimited",
          "quotaLimit" = COALESCE(EXCLUDED."quotaLimit", "ApiUsageMinute"."quotaLimit"),
          "quotaRemaining" = COALESCE(EXCLUDED."quotaRemaining", "ApiUsageMinute"."quotaRemaining"),
          "quotaResetAt" = COALESCE(EXCLUDED."quotaResetAt", "ApiUsageMinute"."quotaResetAt")`;
    } catch (error) {
      // Keep the unwritten counts for the next flush rather than losing them.
      for (const entry of entries) this.merge(entry);
      logger.warn({ err: error }, "could not write API usage; will retry");
    }
  }

  private merge(entry: MinuteCounters) {
    const key = `${entry.provider}\u0000${entry.operation}\u0000${entry.minute}`;
    const existing = this.counters.get(key);
    if (!existing) {
      this.counters.set(key, entry);
      return;
    }
    existing.calls += entry.calls;
    existing.errors += entry.errors;
    existing.rateLimited += entry.rateLimited;
    existing.quota ??= entry.quota;
  }

  async stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}
