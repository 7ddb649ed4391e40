import { defineProvider } from "../types";
import { stripeSimulator } from "./simulator";
import { stripeDefinition } from "./definition";
import { stripeSettings } from "./settings";

export const stripe = defineProvider({
  name: "stripe",
  displayName: "Stripe",
  settings: stripeSettings,
  mode: (settings) => (settings.STRIPE_SECRET_KEY ? "live" : "simulator"),
  definition: stripeDefinition,
  // Readable by every restricted key that can do anything, and it changes nothing.
  connectionCheck: { operation: "balance.retrieve", path: "/v1/balance" },
  simulator: stripeSimulator,
});
