import { startStripeSimulator } from "@/simulators/stripe";

/**
 * The Stripe simulator, with the console's Stripe module pointed at it. lib/env reads the
 * environment once, when the logger is first imported, so a payments test file imports this
 * module before anything else: its top-level await runs before the rest is evaluated.
 */
export const sim = await startStripeSimulator({
  webhooks: { concurrency: 16, retry: { maxAttempts: 8, baseDelayMs: 100, maxDelayMs: 2_000 } },
});
process.env.STRIPE_API_BASE = sim.url;
process.env.STRIPE_WEBHOOK_SECRET = sim.webhooks.signer.verificationKey;
process.env.STRIPE_REFUND_APPROVAL_THRESHOLDS = "usd:50000,jpy:50000,*:50000";
// Tests that drop responses on purpose must neither trip the breaker nor spend the retry budget.
process.env.INTEGRATIONS_CONFIG = JSON.stringify({
  overrides: {
    stripe: {
      rateLimitPerSecond: 1000,
      retry: { baseDelayMs: 20, maxDelayMs: 200, budgetMinRetries: 1000 },
      breaker: { minimumCalls: 1000, windowSize: 1000 },
    },
  },
});
