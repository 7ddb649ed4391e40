import "server-only";
import { getDb } from "@/lib/db/client";
import { getEnv, providerMode } from "@/lib/env";
import { getCircuitStatuses } from "@/lib/integrations/core";

export interface HealthReport {
  status: "ok" | "degraded";
  checkedAt: string;
  database: {
    status: "up" | "down";
    kind: "embedded-pglite" | "postgresql";
    latencyMs?: number;
    error?: string;
  };
  providers: Record<string, { mode: "live" | "simulator" | "configured"; circuit: string | null }>;
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
  const circuits = database.status === "up" ? await getCircuitStatuses().catch(() => []) : [];
  const providers: HealthReport["providers"] = {
    stripe: { mode: providerMode("stripe", env), circuit: null },
    sendgrid: { mode: providerMode("sendgrid", env), circuit: null },
  };
  for (const circuit of circuits) {
    providers[circuit.provider] = {
      mode: providers[circuit.provider]?.mode ?? "configured",
      circuit: circuit.state,
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
