import "server-only";
import { z } from "zod";
import { authorize } from "@/lib/auth/authorize";
import { can, type Actor } from "@/lib/auth/permissions";
import { parseInput } from "@/lib/validation";
import { forceCircuit, resetCircuit } from "./circuit-admin";
import { getCircuitStatuses, getCircuitTransitions, getQuotaProjections } from "./core";
import { getIntegrationCore, getProviders } from "./runtime";

/** What the Integrations page and GET /api/integrations show: circuits, quotas, recent transitions. */
export async function getIntegrationsOverview(options: { actor: Actor }) {
  await authorize(options.actor, "console:read", { resource: "integrations" });
  const providers = new Map(getProviders().map((provider) => [provider.name, provider]));
  const circuits = (await getCircuitStatuses({ core: getIntegrationCore() })).map((circuit) => ({
    ...circuit,
    mode: providers.get(circuit.provider)?.mode ?? "configured",
    canCheckConnection: Boolean(providers.get(circuit.provider)?.connectionCheck),
  }));
  const [quotas, allTransitions] = await Promise.all([
    Promise.all(
      circuits.map((circuit) => getQuotaProjections({ provider: circuit.provider })),
    ).then((lists) => lists.flat()),
    getCircuitTransitions({ limit: 20 }),
  ]);
  // Who forced a circuit is audit information: only those who may read the audit log see it.
  const showActors = can(options.actor.role, "audit:read");
  const transitions = allTransitions.map(({ actorId, actorEmail, ...transition }) =>
    showActors ? { ...transition, actorId, actorEmail } : transition,
  );
  return { circuits, quotas, transitions };
}

export const circuitCommandSchema = z.object({
  action: z.enum(["force_open", "force_closed", "reset"], {
    error: "action must be force_open, force_closed or reset.",
  }),
  reason: z
    .string({ error: "Give a reason." })
    .trim()
    .min(3, "Give a reason (3 to 500 characters).")
    .max(500, "Give a reason (3 to 500 characters)."),
});

export async function controlCircuit(options: {
  actor: Actor;
  provider: string;
  input: unknown;
  ip?: string | null;
}) {
  await authorize(options.actor, "integrations:control", {
    resource: `integration:${options.provider}`,
  });
  const { action, reason } = parseInput(circuitCommandSchema, options.input);
  const command = { provider: options.provider, reason, actor: options.actor, ip: options.ip };
  if (action === "reset") return resetCircuit(command);
  return forceCircuit({ ...command, state: action === "force_open" ? "OPEN" : "CLOSED" });
}
