import { z } from "zod";

/**
 * Stripe's objects as the console reads them (API version in client.ts; shapes from Stripe's
 * OpenAPI spec and fixtures). Only the fields the console uses are checked; the rest pass through
 * (loose objects), so the whole object is kept as raw JSON beside the mapped row.
 */
const id = z.string().min(1).max(255);
/** An id, or the object itself when expanded. */
const reference = z.union([id, z.object({ id })]).nullish();
const amount = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const currency = z.string().regex(/^[a-z]{3}$/);
const unixSeconds = z.number().int().min(0);
const text = z.string().max(5000).nullish();
const metadata = z.record(z.string(), z.string()).nullish();

export function referenceId(value: z.infer<typeof reference>): string | null {
  if (value == null) return null;
  return typeof value === "string" ? value : value.id;
}

export const chargeSchema = z.looseObject({
  id,
  object: z.literal("charge"),
  amount,
  amount_captured: amount.nullish(),
  amount_refunded: amount,
  currency,
  captured: z.boolean(),
  created: unixSeconds,
  customer: reference,
  billing_details: z.object({ email: text, name: text }).nullish(),
  receipt_email: text,
  description: text,
  disputed: z.boolean(),
  failure_code: text,
  failure_message: text,
  payment_intent: reference,
  payment_method_details: z
    .object({ card: z.object({ brand: text, last4: text }).nullish() })
    .nullish(),
  refunded: z.boolean(),
  status: z.enum(["succeeded", "pending", "failed"]),
  metadata,
});
export type StripeCharge = z.infer<typeof chargeSchema>;

export const refundSchema = z.looseObject({
  id,
  object: z.literal("refund"),
  amount,
  charge: reference,
  currency,
  created: unixSeconds,
  status: z.string().max(50).nullish(),
  reason: text,
  failure_reason: text,
  payment_intent: reference,
  metadata,
});
export type StripeRefund = z.infer<typeof refundSchema>;

export const disputeSchema = z.looseObject({
  id,
  object: z.literal("dispute"),
  amount,
  charge: reference,
  currency,
  created: unixSeconds,
  status: z.string().max(50),
  reason: z.string().max(100),
  payment_intent: reference,
});
export type StripeDispute = z.infer<typeof disputeSchema>;

export const paymentIntentSchema = z.looseObject({
  id,
  object: z.literal("payment_intent"),
  amount,
  amount_received: amount.nullish(),
  currency,
  created: unixSeconds,
  customer: reference,
  description: text,
  receipt_email: text,
  latest_charge: reference,
  status: z.string().max(50),
  last_payment_error: z.object({ code: text, message: text, decline_code: text }).nullish(),
  metadata,
});
export type StripePaymentIntent = z.infer<typeof paymentIntentSchema>;

export const customerSchema = z.looseObject({
  id,
  object: z.literal("customer"),
  email: text,
  name: text,
  metadata,
});

export const eventSchema = z.object({
  id,
  object: z.literal("event"),
  type: z.string().min(1).max(200),
  created: unixSeconds,
  data: z.object({ object: z.unknown() }),
});
export type StripeEvent = z.infer<typeof eventSchema>;

export const eventListSchema = z.object({
  object: z.literal("list"),
  data: z.array(z.unknown()),
  has_more: z.boolean(),
});

export function eventOf<T extends z.ZodType>(object: T) {
  return z.object({
    id,
    type: z.string(),
    created: unixSeconds,
    data: z.object({ object }),
  });
}
