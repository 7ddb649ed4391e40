import "server-only";
import { recordAudit } from "@/lib/audit/audit";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { isIntegrationError } from "./core";
import { findProvider, providerClient } from "./runtime";

export interface ConnectionCheckResult {
  ok: boolean;
  message: string;
  status?: number;
  durationMs: number;
}

/**
 * One cheap, read-only call to a provider through the whole integration core (so it is logged,
 * rate limited and subject to the circuit like any other), reported in words.
 */
export async function checkConnection(options: {
  actor: Actor;
  provider: string;
  ip?: string | null;
}): Promise<ConnectionCheckResult> {
  await authorize(options.actor, "integrations:control", {
    resource: `integration:${options.provider}`,
  });
  const provider = findProvider(options.provider);
  if (!provider) throw new AppError("NOT_FOUND", "There is no such integration.");
  const check = provider.connectionCheck;
  if (!check) {
    throw new AppError("BAD_REQUEST", `${provider.displayName} has no connection check defined.`);
  }
  const where = provider.mode === "simulator" ? " (local simulator)" : "";
  const started = performance.now();
  let result: ConnectionCheckResult;
  try {
    const response = await providerClient(provider.name).get(check.path, {
      operation: check.operation,
      actor: options.actor,
      deadlineMs: 15_000,
    });
    const durationMs = Math.round(performance.now() - started);
    result = {
      ok: true,
      status: response.status,
      durationMs,
      message: `${provider.displayName}${where} answered in ${durationMs} ms.`,
    };
  } catch (error) {
    if (!isIntegrationError(error)) throw error;
    result = {
      ok: false,
      status: error.httpStatus,
      durationMs: Math.round(performance.now() - started),
      message: error.userMessage,
    };
  }
  await recordAudit({
    action: "integration.connection_check",
    outcome: result.ok ? "SUCCESS" : "FAILURE",
    actor: options.actor,
    ip: options.ip,
    target: { type: "integration", id: provider.name },
    details: { status: result.status, durationMs: result.durationMs, mode: provider.mode },
  });
  return result;
}
