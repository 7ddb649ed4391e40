import { z } from "zod";
import { optionalHttpUrl, optionalList, optionalString } from "@/lib/env-fields";

/** Refunds above these amounts (minor units, per currency; `*` for the rest) need an admin's approval. */
export const DEFAULT_REFUND_APPROVAL_THRESHOLDS = "usd:50000,eur:50000,gbp:50000,jpy:50000,*:50000";

const thresholds = z.string().transform((value, ctx) => {
  const out: Record<string, number> = {};
  for (const part of value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean)) {
    const match = /^([a-z]{3}|\*):(\d{1,15})$/i.exec(part);
    if (!match?.[1] || !match[2]) {
      ctx.addIssue({
        code: "custom",
        message: `"${part}" must look like usd:50000 (a currency and an amount in minor units) or *:50000`,
      });
      return z.NEVER;
    }
    out[match[1].toLowerCase()] = Number(match[2]);
  }
  if (out["*"] === undefined) {
    ctx.addIssue({
      code: "custom",
      message: "must include a default for other currencies, e.g. *:50000",
    });
    return z.NEVER;
  }
  return out;
});

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
  STRIPE_REFUND_APPROVAL_THRESHOLDS: optionalString
    .transform((value) => value ?? DEFAULT_REFUND_APPROVAL_THRESHOLDS)
    .pipe(thresholds),
});

export type StripeSettings = z.infer<typeof stripeSettings>;
