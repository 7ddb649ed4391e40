import "server-only";
import { z } from "zod";
import { authorize } from "@/lib/auth/authorize";
import { can, type Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { availabilityOf } from "./availability";
import { getCircuitStatuses, getCircuitTransitions, type CircuitStatus } from "./core";
import {
  minuteFloor,
  readCallMinutes,
  readLastErrors,
  readQuotaReadings,
  windowStats,
  WINDOWS,
  type MinuteRow,
  type QuotaReadingRow,
} from "./core/call-minute-stats";
import { percentile, addBuckets, emptyBuckets } from "./core/latency-histogram";
import { getIntegrationCore, getProviders } from "./runtime";

const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;

function quotaOf(readings: readonly QuotaReadingRow[], now: number) {
  // The tightest operation speaks for the provider: the one with the least left.
  const tightest = [...readings].sort((a, b) => a.quotaRemaining - b.quotaRemaining)[0];
  if (!tightest) return null;
  const callsPerMinute = tightest.recentCalls / 5;
  const resetAt = tightest.quotaResetAt;
  let exhaustsAt: Date | null = null;
  if (callsPerMinute > 0) {
    const at = now + (tightest.quotaRemaining / callsPerMinute) * 60_000;
    if (!resetAt || at < resetAt.getTime()) exhaustsAt = new Date(at);
  }
  return {
    operation: tightest.operation,
    limit: tightest.quotaLimit,
    remaining: tightest.quotaRemaining,
    resetAt: iso(resetAt),
    observedAt: tightest.minute.toISOString(),
    callsPerMinute,
    exhaustsAt: iso(exhaustsAt),
  };
}

function retryBudgetOf(provider: string) {
  const core = getIntegrationCore();
  const runtime = core.loadedRuntime(provider);
  if (runtime) return runtime.budget.remaining();
  // No call on this instance yet: the whole floor is there.
  const floor = core.definition(provider).retry.budgetMinRetries;
  return { left: floor, allowed: floor };
}

function tileOf(options: {
  circuit: CircuitStatus;
  mode: string;
  rows: readonly MinuteRow[];
  quotas: readonly QuotaReadingRow[];
  lastError: { at: Date; message: string } | undefined;
  now: number;
  canCheckConnection: boolean;
}) {
  const { circuit, now } = options;
  const availability = availabilityOf(circuit, circuit.provider);
  return {
    provider: circuit.provider,
    displayName: circuit.displayName,
    mode: options.mode,
    canCheckConnection: options.canCheckConnection,
    circuit: {
      state: circuit.state,
      forced: circuit.forcedState !== null,
      reason: circuit.reason,
      openedAt: iso(circuit.openedAt),
      openUntil: iso(circuit.openUntil),
      updatedAt: iso(circuit.updatedAt),
      unavailableReason: availability.reason,
    },
    rateLimitPerSecond: circuit.rateLimitPerSecond,
    windows: WINDOWS.map((minutes) => windowStats(options.rows, minutes, now)),
    quota: quotaOf(options.quotas, now),
    retryBudget: retryBudgetOf(circuit.provider),
    lastError: options.lastError
      ? { at: options.lastError.at.toISOString(), message: options.lastError.message }
      : null,
  };
}

export type ProviderTile = ReturnType<typeof tileOf>;

async function tilesFor(providerNames: readonly string[] | undefined, now: number) {
  const core = getIntegrationCore();
  const providers = new Map(getProviders().map((provider) => [provider.name, provider]));
  const all = await getCircuitStatuses({ core, now: new Date(now) });
  const circuits = providerNames
    ? all.filter((circuit) => providerNames.includes(circuit.provider))
    : all;
  const single = circuits.length === 1 ? circuits[0]?.provider : undefined;
  const [rows, quotas, lastErrors] = await Promise.all([
    readCallMinutes({ minutes: 60, now, provider: single }),
    readQuotaReadings({ now, provider: single }),
    readLastErrors({ providers: circuits.map((circuit) => circuit.provider), now }),
  ]);
  return circuits.map((circuit) =>
    tileOf({
      circuit,
      mode: providers.get(circuit.provider)?.mode ?? "configured",
      canCheckConnection: Boolean(providers.get(circuit.provider)?.connectionCheck),
      rows: rows.filter((row) => row.provider === circuit.provider),
      quotas: quotas.filter((quota) => quota.provider === circuit.provider),
      lastError: lastErrors.get(circuit.provider),
      now,
    }),
  );
}

/** One tile per provider: circuit, error rate and latency over 1/15/60 minutes, quota, budget. */
export async function getProviderHealthOverview(options: { actor: Actor; now?: Date }) {
  await authorize(options.actor, "console:read", { resource: "integrations" });
  const now = (options.now ?? new Date()).getTime();
  return {
    generatedAt: new Date(now).toISOString(),
    canControl: can(options.actor.role, "integrations:control"),
    tiles: await tilesFor(undefined, now),
  };
}

const detailQuerySchema = z.object({
  minutes: z.coerce
    .number({ error: "minutes must be a number." })
    .int("minutes must be a whole number.")
    .min(15, "minutes must be between 15 and 1440.")
    .max(1440, "minutes must be between 15 and 1440.")
    .default(60),
});

/** A provider's charts: per-minute outcomes, latency percentiles and quota, and its transitions. */
export async function getProviderHealthDetail(options: {
  actor: Actor;
  provider: string;
  input?: unknown;
  now?: Date;
}) {
  await authorize(options.actor, "console:read", {
    resource: `integration:${options.provider}`,
  });
  const { minutes } = parseInput(detailQuerySchema, options.input ?? {});
  const core = getIntegrationCore();
  if (!core.hasProvider(options.provider)) {
    throw new AppError("NOT_FOUND", `There is no integration named "${options.provider}".`);
  }
  const now = (options.now ?? new Date()).getTime();
  const [tiles, rows, usage, transitions] = await Promise.all([
    tilesFor([options.provider], now),
    readCallMinutes({ minutes, now, provider: options.provider }),
    readUsageSeries(options.provider, minutes, now),
    getCircuitTransitions({ provider: options.provider, limit: 50 }),
  ]);
  const tile = tiles[0];
  if (!tile)
    throw new AppError("NOT_FOUND", `There is no integration named "${options.provider}".`);
  const byMinute = new Map(rows.map((row) => [row.minute.getTime(), row]));
  const usageByMinute = new Map(usage.map((row) => [row.minute.getTime(), row]));
  const end = minuteFloor(now);
  const series = [];
  for (let minute = end - (minutes - 1) * 60_000; minute <= end; minute += 60_000) {
    const row = byMinute.get(minute);
    const buckets = row ? addBuckets(emptyBuckets(), row.latencyBuckets) : emptyBuckets();
    const usageRow = usageByMinute.get(minute);
    series.push({
      minute: new Date(minute).toISOString(),
      successes: row?.successes ?? 0,
      httpErrors: row?.httpErrors ?? 0,
      networkErrors: row?.networkErrors ?? 0,
      timeouts: row?.timeouts ?? 0,
      circuitRefusals: row?.circuitRefusals ?? 0,
      rateLimitRefusals: row?.rateLimitRefusals ?? 0,
      throttled: row?.throttled ?? 0,
      p50: percentile(buckets, 0.5, row?.latencyMaxMs)?.ms ?? null,
      p95: percentile(buckets, 0.95, row?.latencyMaxMs)?.ms ?? null,
      p99: percentile(buckets, 0.99, row?.latencyMaxMs)?.ms ?? null,
      quotaRemaining: usageRow?.quotaRemaining ?? null,
      quotaLimit: usageRow?.quotaLimit ?? null,
    });
  }
  // Who forced a circuit is audit information: only those who may read the audit log see it.
  const showActors = can(options.actor.role, "audit:read");
  return {
    generatedAt: new Date(now).toISOString(),
    minutes,
    canControl: can(options.actor.role, "integrations:control"),
    tile,
    series,
    transitions: transitions.map((transition) => ({
      id: transition.id,
      from: transition.fromState,
      to: transition.toState,
      reason: transition.reason,
      at: transition.createdAt.toISOString(),
      actorEmail: showActors ? transition.actorEmail : null,
    })),
  };
}

export type ProviderHealthDetail = Awaited<ReturnType<typeof getProviderHealthDetail>>;

/** The tightest quota reading per minute (the least left across operations). */
async function readUsageSeries(provider: string, minutes: number, now: number) {
  const since = new Date(minuteFloor(now) - (minutes - 1) * 60_000);
  return getDb().$queryRaw<
    { minute: Date; quotaRemaining: number | null; quotaLimit: number | null }[]
  >`
    SELECT minute, MIN("quotaRemaining")::int AS "quotaRemaining", MAX("quotaLimit")::int AS "quotaLimit"
    FROM "ApiUsageMinute"
    WHERE provider = ${provider} AND minute >= ${since}
    GROUP BY minute`;
}
