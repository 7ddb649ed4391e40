import type { SimulatorEntry } from "../types";
import type { StripeSettings } from "./settings";

/**
 * Without a key (and without STRIPE_API_BASE naming another stand-in, such as stripe-mock) the
 * launcher runs simulators/stripe. It signs webhooks with the first STRIPE_WEBHOOK_SECRET when one
 * is set, so its events and those forwarded by Stripe's own CLI both verify; otherwise with a
 * generated secret that the console is given. It starts with demo payments, so that a new user
 * sees a working console; their webhooks are retried, as Stripe retries, until the console is up.
 */
export function stripeSimulator(settings: StripeSettings): SimulatorEntry | undefined {
  if (settings.STRIPE_SECRET_KEY || settings.STRIPE_API_BASE) return undefined;
  return {
    async start({ webhookUrl }) {
      const { startStripeSimulator } = await import("@/simulators/stripe");
      const secrets = settings.STRIPE_WEBHOOK_SECRET;
      const simulator = await startStripeSimulator({
        webhookTarget: webhookUrl,
        webhookSecret: secrets?.[0],
        demo: true,
        // The console starts after its simulators: about two minutes of retries covers a cold start.
        webhooks: { retry: { maxAttempts: 14, baseDelayMs: 1_000, maxDelayMs: 15_000 } },
      });
      return {
        url: simulator.url,
        variables: {
          STRIPE_API_BASE: simulator.url,
          STRIPE_WEBHOOK_SECRET: secrets?.join(",") ?? simulator.webhooks.signer.verificationKey,
        },
        close: () => simulator.close(),
      };
    },
  };
}
