import { getDb } from "@/lib/db/client";
import type { CircuitPhase } from "./circuit-store";
import type { IntegrationCore } from "./core";

export interface CircuitStatus {
  provider: string;
  displayName: string;
  /** What callers experience: an override if set, else the breaker's state (HALF_OPEN once an open period is over). */
  state: CircuitPhase;
  automaticState: CircuitPhase;
  forcedState: CircuitPhase | null;
  reason: string | null;
  openedAt: Date | null;
  openUntil: Date | null;
  updatedAt: Date | null;
  rateLimitPerSecond: number;
}

/** Current circuit state of every configured provider, as persisted by all instances. */
export async function getCircuitStatuses(options: {
  core: IntegrationCore;
  now?: Date;
}): Promise<CircuitStatus[]> {
  const { core } = options;
  const now = (options.now ?? new Date()).getTime();
  const rows = await getDb().integrationCircuit.findMany();
  const byProvider = new Map(rows.map((row) => [row.provider, row]));
  return core.providerNames().map((provider) => {
    const definition = core.definition(provider);
    const row = byProvider.get(provider);
    const automatic = row?.state ?? "CLOSED";
    const lapsed = automatic === "OPEN" && row?.openUntil != null && row.openUntil.getTime() <= now;
    return {
      provider,
      displayName: definition.displayName,
      state: row?.forcedState ?? (lapsed ? "HALF_OPEN" : automatic),
      automaticState: automatic,
      forcedState: row?.forcedState ?? null,
      reason: row?.reason ?? null,
      openedAt: row?.openedAt ?? null,
      openUntil: row?.openUntil ?? null,
      updatedAt: row?.updatedAt ?? null,
      rateLimitPerSecond: definition.rateLimitPerSecond,
    };
  });
}

export async function getCircuitTransitions(options: { provider?: string; limit?: number } = {}) {
  return getDb().integrationCircuitTransition.findMany({
    where: options.provider ? { provider: options.provider } : undefined,
    orderBy: { seq: "desc" },
    take: Math.min(options.limit ?? 50, 500),
  });
}

export interface UsagePoint {
  minute: Date;
  calls: number;
  errors: number;
  rateLimited: number;
}

/** Calls per minute for a provider (all operations, or one), oldest first, with empty minutes filled in. */
export async function getUsageSeries(options: {
  provider: string;
  operation?: string;
  minutes?: number;
  now?: Date;
}): Promise<UsagePoint[]> {
  const minutes = Math.min(Math.max(options.minutes ?? 60, 1), 24 * 60);
  const end = Math.floor((options.now ?? new Date()).getTime() / 60_000) * 60_000;
  const start = end - (minutes - 1) * 60_000;
  const rows = await getDb().apiUsageMinute.findMany({
    where: {
      provider: options.provider,
      ...(options.operation ? { operation: options.operation } : {}),
      minute: { gte: new Date(start), lte: new Date(end) },
    },
  });
  const points = new Map<number, UsagePoint>();
  for (let minute = start; minute <= end; minute += 60_000) {
    points.set(minute, { minute: new Date(minute), calls: 0, errors: 0, rateLimited: 0 });
  }
  for (const row of rows) {
    const point = points.get(row.minute.getTime());
    if (!point) continue;
    point.calls += row.calls;
    point.errors += row.errors;
    point.rateLimited += row.rateLimited;
  }
  return [...points.values()];
}

export interface QuotaProjection {
  provider: string;
  operation: string;
  limit: number | null;
  remaining: number;
  resetAt: Date | null;
  observedAt: Date;
  callsPerMinute: number;
  /** When `remaining` runs out at the recent rate, if that comes before the reset; else null. */
  exhaustsAt: Date | null;
}

/**
 * Per operation that reports X-RateLimit-* headers: the latest reading and when the quota runs out
 * at the average rate of the last `rateWindowMinutes` minutes.
 */
export async function getQuotaProjections(options: {
  provider: string;
  now?: Date;
  rateWindowMinutes?: number;
}): Promise<QuotaProjection[]> {
  const now = (options.now ?? new Date()).getTime();
  const windowMinutes = options.rateWindowMinutes ?? 5;
  const since = new Date(Math.floor(now / 60_000) * 60_000 - (windowMinutes - 1) * 60_000);
  const db = getDb();
  const latest = await db.apiUsageMinute.findMany({
    where: { provider: options.provider, quotaRemaining: { not: null } },
    orderBy: { minute: "desc" },
    distinct: ["operation"],
  });
  const recent = await db.apiUsageMinute.groupBy({
    by: ["operation"],
    where: { provider: options.provider, minute: { gte: since } },
    _sum: { calls: true },
  });
  const callsByOperation = new Map(recent.map((row) => [row.operation, row._sum.calls ?? 0]));
  return latest.flatMap((row) => {
    if (row.quotaRemaining === null) return [];
    const callsPerMinute = (callsByOperation.get(row.operation) ?? 0) / windowMinutes;
    const resetAt = row.quotaResetAt;
    let exhaustsAt: Date | null = null;
    if (callsPerMinute > 0) {
      const at = now + (row.quotaRemaining / callsPerMinute) * 60_000;
      if (!resetAt || at < resetAt.getTime()) exhaustsAt = new Date(at);
    }
    return [
      {
        provider: row.provider,
        operation: row.operation,
        limit: row.quotaLimit,
        remaining: row.quotaRemaining,
        resetAt,
        observedAt: row.minute,
        callsPerMinute,
        exhaustsAt,
      },
    ];
  });
}
