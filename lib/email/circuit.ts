import "server-only";
import { providerAvailability } from "@/lib/integrations/availability";
import { SENDGRID } from "@/lib/integrations/providers/sendgrid/names";

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
 * when the next trial call goes out (the words come from the same place as the health pages').
 */
export async function sendingAvailability(now = new Date()): Promise<SendingAvailability> {
  const { available, reason, nextTrialAt } = await providerAvailability(SENDGRID, now);
  return { available, reason, nextTrialAt };
}
