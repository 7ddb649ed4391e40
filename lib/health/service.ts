import "server-only";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { getCircuitStatuses } from "@/lib/integrations/core";
import type { ProviderMode } from "@/lib/integrations/providers/types";
import { getIntegrationCore, getProviders } from "@/lib/integrations/runtime";

export interface HealthReport {
  status: "ok" | "degraded";
  checkedAt: string;
  database: {
    status: "up" | "down";
    kind: "embedded-pglite" | "postgresql";
    latencyMs?: number;
    error?: string;
  };
  providers: Record<string, { mode: ProviderMode; circuit: string | null }>;
}

/** What anyone may learn without a session: up or degraded, nothing about what is behind it. */
export interface AnonymousHealth {
  status: "up" | "degraded";
}

export function anonymousHealth(report: HealthReport): AnonymousHealth {
  return { status: report.status === "ok" ? "up" : "degraded" };
}

export async function getHealth(): Promise<HealthReport> {
  const env = getEnv();
  const started = performance.now();
  let database: HealthReport["database"];
  const kind = env.EMBEDDED_DATABASE ? "embedded-pglite" : "postgresql";
  try {
    await getDb().$queryRaw`SELECT 1`;
    database = {
      status: "up",
      kind,
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
    };
  } catch {
    // The driver's message can carry the connection string; keep it in the server log only.
    database = { status: "down", kind, error: "The database did not answer." };
  }
  // Circuit state lives in the database; without it the providers are listed with an unknown circuit.
  const circuits =
    database.status === "up"
      ? await getCircuitStatuses({ core: getIntegrationCore() }).catch(() => [])
      : [];
  const circuitOf = new Map(circuits.map((circuit) => [circuit.provider, circuit.state]));
  const providers: HealthReport["providers"] = {};
  for (const provider of getProviders()) {
    providers[provider.name] = {
      mode: provider.mode,
      circuit: circuitOf.get(provider.name) ?? null,
    };
  }
  const anyOpen = circuits.some(
    (circuit) => circuit.state === "OPEN" || circuit.state === "FORCED_OPEN",
  );
  return {
    status: database.status === "up" && !anyOpen ? "ok" : "degraded",
    checkedAt: new Date().toISOString(),
    database,
    providers,
  };
}
