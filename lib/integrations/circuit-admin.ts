import "server-only";
import { recordAudit } from "@/lib/audit/audit";
import type { Actor } from "@/lib/auth/permissions";
import { authorize } from "@/lib/auth/authorize";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { toView, type CircuitPhase, type IntegrationCore } from "./core";
import { getIntegrationCore } from "./runtime";

export interface CircuitCommand {
  provider: string;
  reason: string;
  actor: Actor;
  ip?: string | null;
  core?: IntegrationCore;
}

function checkInput(core: IntegrationCore, command: CircuitCommand): string {
  if (!core.providerNames().includes(command.provider)) {
    throw new AppError("NOT_FOUND", `There is no integration named "${command.provider}".`);
  }
  const reason = command.reason.trim();
  if (reason.length < 3 || reason.length > 500) {
    throw new AppError("VALIDATION_FAILED", "Give a reason (3 to 500 characters).", {
      fieldErrors: { reason: ["Give a reason (3 to 500 characters)."] },
    });
  }
  return reason;
}

async function currentPhase(core: IntegrationCore, provider: string): Promise<CircuitPhase> {
  const local = core.loadedRuntime(provider);
  if (local) return local.circuit.effectiveState();
  const row = await getDb().integrationCircuit.findUnique({ where: { provider } });
  return row?.forcedState ?? row?.state ?? "CLOSED";
}

async function apply(
  command: CircuitCommand,
  action:
    | "integration.circuit.force_open"
    | "integration.circuit.force_closed"
    | "integration.circuit.reset",
) {
  const core = command.core ?? getIntegrationCore();
  await authorize(command.actor, "integrations:control", {
    resource: `integration:${command.provider}`,
  });
  const reason = checkInput(core, command);
  const { provider, actor } = command;
  const from = await currentPhase(core, provider);
  const to: CircuitPhase =
    action === "integration.circuit.force_open"
      ? "FORCED_OPEN"
      : action === "integration.circuit.force_closed"
        ? "FORCED_CLOSED"
        : "CLOSED";
  const row = await getDb().$transaction(async (tx) => {
    const data =
      to === "CLOSED"
        ? {
            state: "CLOSED" as const,
            forcedState: null,
            reason,
            openedAt: null,
            openUntil: null,
            generation: { increment: 1 },
          }
        : { forcedState: to, reason };
    const saved = await tx.integrationCircuit.upsert({
      where: { provider },
      create: { provider, ...data, generation: to === "CLOSED" ? 1 : 0 },
      update: data,
    });
    await tx.integrationCircuitTransition.create({
      data: {
        provider,
        fromState: from,
        toState: to,
        reason,
        actorId: actor.id,
        actorEmail: actor.email,
        instanceId: core.instanceId,
      },
    });
    await recordAudit({
      db: tx,
      action,
      outcome: "SUCCESS",
      actor,
      ip: command.ip,
      target: { type: "integration", id: provider },
      details: { from, to, reason },
    });
    return saved;
  });
  core.loadedRuntime(provider)?.circuit.applyShared(toView(row));
  return { provider, from, to, reason };
}

/** Holds a provider's circuit open (no calls go out) or closed (the breaker is bypassed) until reset. */
export function forceCircuit(command: CircuitCommand & { state: "OPEN" | "CLOSED" }) {
  return apply(
    command,
    command.state === "OPEN"
      ? "integration.circuit.force_open"
      : "integration.circuit.force_closed",
  );
}

/** Clears any override and closes the circuit on every instance, forgetting counted failures. */
export function resetCircuit(command: CircuitCommand) {
  return apply(command, "integration.circuit.reset");
}
