import { defineProvider } from "../types";
import { stripeDefinition } from "./definition";
import { stripeSettings } from "./settings";

export const stripe = defineProvider({
  name: "stripe",
  displayName: "Stripe",
  settings: stripeSettings,
  mode: (settings) => (settings.STRIPE_SECRET_KEY ? "live" : "simulator"),
  definition: stripeDefinition,
});
