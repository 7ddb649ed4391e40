import "server-only";
import { getCircuitStatuses } from "@/lib/integrations/core";
import { STRIPE } from "@/lib/integrations/providers/stripe/name";
import { getIntegrationCore } from "@/lib/integrations/runtime";

export interface PaymentsCircuit {
  open: boolean;
  /** In words, for the refund dialog. */
  explanation: string | null;
  /** When the breaker lets its next trial call through; null while an admin holds it open. */
  nextTrialAt: Date | null;
}

/** Whether refunds can go out now: an open circuit fails every call fast, so the button waits. */
export async function paymentsCircuit(): Promise<PaymentsCircuit> {
  const core = getIntegrationCore();
  const status = (await getCircuitStatuses({ core })).find(
    (circuit) => circuit.provider === STRIPE,
  );
  if (!status) return { open: false, explanation: null, nextTrialAt: null };
  if (status.state === "FORCED_OPEN")
    return {
      open: true,
      explanation: `An admin has stopped all calls to ${status.displayName}${status.reason ? ` (“${status.reason}”)` : ""}. Refunds can be made again once the circuit is reset on the Integrations page.`,
      nextTrialAt: null,
    };
  if (status.state === "OPEN")
    return {
      open: true,
      explanation: `${status.displayName} has been failing, so the console stopped calling it for a while instead of piling up requests.`,
      nextTrialAt: status.openUntil,
    };
  return { open: false, explanation: null, nextTrialAt: null };
}
