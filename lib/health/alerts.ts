import "server-only";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { getCircuitStatuses, type IntegrationCore } from "@/lib/integrations/core";
import { getIntegrationCore } from "@/lib/integrations/runtime";
import {
  QUOTA_READING_MAX_AGE_MS,
  evaluateAlerts,
  type Alert,
  type QuotaInput,
} from "./alert-rules";

export type { Alert } from "./alert-rules";

/** The rate a quota projection uses: the average of the last few minutes, as the overview's. */
const RATE_WINDOW_MINUTES = 5;

async function readQuotas(
  now: Date,
  displayName: (provider: string) => string,
): Promise<QuotaInput[]> {
  const db = getDb();
  const since = new Date(now.getTime() - QUOTA_READING_MAX_AGE_MS);
  const latest = await db.$queryRaw<
    {
      provider: string;
      operation: string;
      minute: Date;
      quotaLimit: number | null;
      quotaRemaining: number;
      quotaResetAt: Date | null;
    }[]
  >`
    SELECT DISTINCT ON ("provider", "operation")
           "provider", "operation", "minute", "quotaLimit", "quotaRemaining", "quotaResetAt"
    FROM "ApiUsageMinute"
    WHERE "quotaRemaining" IS NOT NULL AND "minute" >= ${since}
    ORDER BY "provider", "operation", "minute" DESC`;
  if (latest.length === 0) return [];
  const windowStart = new Date(
    Math.floor(now.getTime() / 60_000) * 60_000 - (RATE_WINDOW_MINUTES - 1) * 60_000,
  );
  const recent = await db.apiUsageMinute.groupBy({
    by: ["provider", "operation"],
    where: { minute: { gte: windowStart } },
    _sum: { calls: true },
  });
  const calls = new Map(
    recent.map((row) => [`${row.provider}\u0000${row.operation}`, row._sum.calls ?? 0]),
  );
  return latest.map((row) => ({
    provider: row.provider,
    displayName: displayName(row.provider),
    operation: row.operation,
    remaining: row.quotaRemaining,
    limit: row.quotaLimit,
    resetAt: row.quotaResetAt,
    observedAt: row.minute,
    callsPerMinute: (calls.get(`${row.provider}\u0000${row.operation}`) ?? 0) / RATE_WINDOW_MINUTES,
  }));
}

/**
 * The alerts that hold now, for every signed-in role (viewers see them too; the pages they link to
 * decide what each role may do about them). Everything is read from the database, so every
 * instance shows the same banners.
 */
export async function getActiveAlerts(options: {
  actor: Actor;
  now?: Date;
  core?: IntegrationCore;
}): Promise<{ alerts: Alert[]; checkedAt: string }> {
  await authorize(options.actor, "console:read", { resource: "alerts" });
  const now = options.now ?? new Date();
  const core = options.core ?? getIntegrationCore();
  const names = new Map(
    core.providerNames().map((name) => [name, core.definition(name).displayName]),
  );
  const displayName = (provider: string) => names.get(provider) ?? provider;
  const db = getDb();

  const circuits = await getCircuitStatuses({ core, now });
  const quotas = await readQuotas(now, displayName);
  const dead = await db.webhookDelivery.groupBy({
    by: ["provider"],
    where: { status: "DEAD_LETTERED" },
    _count: { _all: true },
  });
  const pending = await db.webhookDelivery.groupBy({
    by: ["provider"],
    where: { status: { in: ["RECEIVED", "PROCESSING", "FAILED"] } },
    _count: { _all: true },
    _min: { receivedAt: true },
  });

  const alerts = evaluateAlerts(
    {
      circuits,
      quotas,
      deadLetters: dead.map((row) => ({
        provider: row.provider,
        displayName: displayName(row.provider),
        deliveries: row._count._all,
      })),
      inboxes: pending.map((row) => ({
        provider: row.provider,
        displayName: displayName(row.provider),
        pending: row._count._all,
        oldestReceivedAt: row._min.receivedAt,
      })),
    },
    now,
  );
  return { alerts, checkedAt: now.toISOString() };
}
