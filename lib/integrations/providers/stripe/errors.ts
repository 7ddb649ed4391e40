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

/** What a Stripe error says, as services read it back from the core's `providerCode`. */
export interface StripeErrorCode {
  type?: string;
  code?: string;
  declineCode?: string;
}

/**
 * Stripe's `{ error: { type, code, decline_code, message } }`. The core keeps one code per failed
 * call, so all three travel in it as `type/code/decline_code` (e.g.
 * `card_error/card_declined/insufficient_funds`): the API-call log shows the whole story, and
 * `readStripeErrorCode` gives services the parts. Stripe-Should-Retry and Request-Id are headers,
 * read by the core through the definition's header names.
 */
export function parseStripeError(body: unknown): ProviderErrorInfo {
  const parsed = stripeError.safeParse(body);
  if (!parsed.success) return {};
  const { type, code, decline_code: declineCode, message } = parsed.data.error;
  const parts = [type ?? "", code ?? "", declineCode ?? ""];
  while (parts.length > 0 && parts.at(-1) === "") parts.pop();
  return { code: parts.length > 0 ? parts.join("/") : undefined, message };
}

export function readStripeErrorCode(providerCode: string | undefined): StripeErrorCode {
  if (!providerCode) return {};
  const [type, code, declineCode] = providerCode.split("/");
  return {
    type: type || undefined,
    code: code || undefined,
    declineCode: declineCode || undefined,
  };
}
