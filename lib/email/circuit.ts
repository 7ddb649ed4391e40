import "server-only";
import { getCircuitStatuses } from "@/lib/integrations/core";
import { SENDGRID } from "@/lib/integrations/providers/sendgrid/names";
import { getIntegrationCore } from "@/lib/integrations/runtime";

export interface SendingAvailability {
  available: boolean;
  /** Why not, in words support staff can pass on. */
  reason: string | null;
  /** When the circuit lets its next trial call through, if it is open on its own. */
  nextTrialAt: Date | null;
}

/**
 * Whether SendGrid takes calls now: its circuit, as every instance of the console sees it. An
 * open circuit fails every call at once, so a resend would only fail; the console says why, and
 * when the next trial call goes out.
 */
export async function sendingAvailability(now = new Date()): Promise<SendingAvailability> {
  const circuits = await getCircuitStatuses({ core: getIntegrationCore(), now });
  const circuit = circuits.find((status) => status.provider === SENDGRID);
  if (!circuit) return { available: true, reason: null, nextTrialAt: null };
  if (circuit.state === "FORCED_OPEN") {
    return {
      available: false,
      reason: `An administrator has stopped all calls to SendGrid${circuit.reason ? ` (“${circuit.reason}”)` : ""}. Sending resumes when the circuit is reset on the Integrations page.`,
      nextTrialAt: null,
    };
  }
  if (circuit.state === "OPEN") {
    const since = circuit.openedAt ? ` since ${circuit.openedAt.toISOString()}` : "";
    return {
      available: false,
      reason: `SendGrid has been failing${since}, so the console has stopped calling it for a while (its circuit breaker is open)${circuit.reason ? `: ${circuit.reason}` : ""}.`,
      nextTrialAt: circuit.openUntil,
    };
  }
  return { available: true, reason: null, nextTrialAt: null };
}
