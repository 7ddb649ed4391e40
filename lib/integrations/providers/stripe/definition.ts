import {
  DEFAULT_BREAKER,
  DEFAULT_HEADERS,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUTS,
} from "@/lib/integrations/core/config";
import type { ProviderDefinition } from "@/lib/integrations/core/config-schema";
import { SIMULATOR_NOT_RUNNING } from "../simulator-address";
import { parseStripeError } from "./errors";
import type { StripeSettings } from "./settings";

/** What a keyless console sends to its simulator, which only checks the key's shape. */
const SIMULATOR_KEY = "sk_test_local_simulator";

export const STRIPE_API = "https://api.stripe.com";

export function stripeDefinition(settings: StripeSettings): ProviderDefinition {
  const key = settings.STRIPE_SECRET_KEY;
  return {
    name: "stripe",
    displayName: "Stripe",
    // Without a key nothing may go to Stripe itself: only a simulator (or stripe-mock) at STRIPE_API_BASE.
    baseUrl: settings.STRIPE_API_BASE ?? (key ? STRIPE_API : SIMULATOR_NOT_RUNNING),
    // The simulator wants a key of the right shape; this one is never a real key.
    auth: { scheme: "bearer", token: key ?? SIMULATOR_KEY },
    // Stripe's published global limits: 100 requests/s in live mode, 25 in test mode (sandbox).
    rateLimitPerSecond: key && /^(sk|rk)_live_/.test(key) ? 100 : 25,
    timeouts: DEFAULT_TIMEOUTS,
    retry: DEFAULT_RETRY,
    breaker: DEFAULT_BREAKER,
    headers: {
      ...DEFAULT_HEADERS,
      idempotencyKey: "Idempotency-Key",
      retryHint: "Stripe-Should-Retry",
      requestId: "Request-Id",
    },
    parseError: parseStripeError,
  };
}
