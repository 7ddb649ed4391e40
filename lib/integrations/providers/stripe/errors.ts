import { z } from "zod";
import type { ProviderErrorInfo } from "@/lib/integrations/core/config-schema";

const stripeError = z.object({
  error: z.object({
    type: z.string().optional(),
    code: z.string().optional(),
    decline_code: z.string().optional(),
    message: z.string().optional(),
  }),
});

/**
 * Stripe's `{ error: { type, code, decline_code, message } }`. The most specific code wins: a
 * decline code says more than `card_declined`, which says more than the error type.
 */
export function parseStripeError(body: unknown): ProviderErrorInfo {
  const parsed = stripeError.safeParse(body);
  if (!parsed.success) return {};
  const { type, code, decline_code: declineCode, message } = parsed.data.error;
  return { code: declineCode ?? code ?? type, message };
}
