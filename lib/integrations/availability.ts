import "server-only";
import { getCircuitStatuses, type CircuitStatus } from "./core";
import { getIntegrationCore } from "./runtime";

export interface ProviderAvailability {
  available: boolean;
  /** Why not, in words support staff can pass on; null while calls flow. */
  reason: string | null;
  /** When the breaker lets its next trial call through; null while an admin holds it open. */
  nextTrialAt: Date | null;
  /** Where the provider's health and controls are. */
  healthPath: string;
}

/**
 * Whether a provider takes calls now, read from its circuit as every instance sees it. The one
 * source of the words the refund button, the resend panel and the health pages use.
 */
export function availabilityOf(circuit: CircuitStatus | undefined, provider: string) {
  const healthPath = `/integrations/${encodeURIComponent(provider)}`;
  if (circuit?.state === "FORCED_OPEN") {
    return {
      available: false,
      reason: `An administrator has stopped all calls to ${circuit.displayName}${circuit.reason ? ` (“${circuit.reason}”)` : ""}. Calls resume when the circuit is reset on the Integrations page.`,
      nextTrialAt: null,
      healthPath,
    } satisfies ProviderAvailability;
  }
  if (circuit?.state === "OPEN") {
    const since = circuit.openedAt ? ` since ${circuit.openedAt.toISOString()}` : "";
    return {
      available: false,
      reason: `${circuit.displayName} has been failing${since}, so the console has stopped calling it for a while (its circuit breaker is open)${circuit.reason ? `: ${circuit.reason}` : ""}.`,
      nextTrialAt: circuit.openUntil,
      healthPath,
    } satisfies ProviderAvailability;
  }
  return { available: true, reason: null, nextTrialAt: null, healthPath };
}

export async function providerAvailability(
  provider: string,
  now = new Date(),
): Promise<ProviderAvailability> {
  const circuits = await getCircuitStatuses({ core: getIntegrationCore(), now });
  return availabilityOf(
    circuits.find((circuit) => circuit.provider === provider),
    provider,
  );
}
