import { defineProvider } from "../types";
import { stripeDefinition } from "./definition";
import { stripeHandlers } from "./events";
import { STRIPE } from "./name";
import { stripeSettings } from "./settings";
import { stripeSimulator } from "./simulator";
import { stripeVerifier } from "./webhooks/verify";

export const stripe = defineProvider({
  name: STRIPE,
  displayName: "Stripe",
  settings: stripeSettings,
  mode: (settings) => (settings.STRIPE_SECRET_KEY ? "live" : "simulator"),
  definition: stripeDefinition,
  // Without a secret every delivery is rejected (and stored as such), never accepted unsigned.
  webhooks: (settings) => ({
    verify: stripeVerifier(settings.STRIPE_WEBHOOK_SECRET ?? []),
    handlers: stripeHandlers,
  }),
  // Readable by every restricted key that can do anything, and it changes nothing.
  connectionCheck: { operation: "balance.retrieve", path: "/v1/balance" },
  simulator: stripeSimulator,
});
