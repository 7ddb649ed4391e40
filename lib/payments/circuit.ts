import "server-only";
import { providerAvailability } from "@/lib/integrations/availability";
import { STRIPE } from "@/lib/integrations/providers/stripe/name";

export interface PaymentsCircuit {
  open: boolean;
  /** In words, for the refund dialog. */
  explanation: string | null;
  /** When the breaker lets its next trial call through; null while an admin holds it open. */
  nextTrialAt: Date | null;
  /** The provider's health page, where the cause and the controls are. */
  healthPath: string;
}

/** Whether refunds can go out now: an open circuit fails every call fast, so the button waits. */
export async function paymentsCircuit(): Promise<PaymentsCircuit> {
  const availability = await providerAvailability(STRIPE);
  return {
    open: !availability.available,
    explanation: availability.reason,
    nextTrialAt: availability.nextTrialAt,
    healthPath: availability.healthPath,
  };
}
