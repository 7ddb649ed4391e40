import "server-only";
import { getDb } from "@/lib/db/client";
import { getEnv, providerMode } from "@/lib/env";

export interface HealthReport {
  status: "ok" | "degraded";
  checkedAt: string;
  database: { status: "up" | "down"; kind: "embedded-pglite" | "postgresql"; latencyMs?: number; error?: string };
  providers: Record<"stripe" | "sendgrid", { mode: "live" | "simulator" }>;
}

export async function getHealth(): Promise<HealthReport> {
  const env = getEnv();
  const started = performance.now();
  let database: HealthReport["database"];
  const kind = env.EMBEDDED_DATABASE ? "embedded-pglite" : "postgresql";
  try {
    await getDb().$queryRaw`SELECT 1`;
    database = { status: "up", kind, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch {
    // The driver's message can carry the connection string; keep it in the server log only.
    database = { status: "down", kind, error: "The database did not answer." };
  }
  return {
    status: database.status === "up" ? "ok" : "degraded",
    checkedAt: new Date().toISOString(),
    database,
    providers: {
      stripe: { mode: providerMode("stripe", env) },
      sendgrid: { mode: providerMode("sendgrid", env) },
    },
  };
}
