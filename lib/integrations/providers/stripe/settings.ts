import { z } from "zod";
import { optionalHttpUrl, optionalList, optionalString } from "@/lib/env-fields";

/** Stripe's environment variables. Without a secret key the console runs Stripe's simulator. */
export const stripeSettings = z.object({
  STRIPE_SECRET_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^(sk|rk)_(test|live)_\w+$/, "must look like sk_test_… or sk_live_…")
      .optional(),
  ),
  STRIPE_WEBHOOK_SECRET: optionalList(
    z.string().regex(/^whsec_\w+$/, "each secret must look like whsec_…"),
  ),
  /** Another host for the SDK: the simulator, or stripe-mock. */
  STRIPE_API_BASE: optionalHttpUrl,
});

export type StripeSettings = z.infer<typeof stripeSettings>;
