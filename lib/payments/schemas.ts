import { z } from "zod";
import { isKnownCurrency } from "./money";

/** Largest amount accepted in minor units: Stripe's own ceiling is lower for every currency. */
export const MAX_AMOUNT = 999_999_999_999;

const noNul = (value: string) => !value.includes("\u0000");

export const refundReasons = ["duplicate", "fraudulent", "requested_by_customer"] as const;

export const chargeIdSchema = z
  .string()
  .trim()
  .regex(/^(ch|py)_[A-Za-z0-9]{1,250}$/, "That is not a charge id.");

export const refundRequestSchema = z.object({
  /** Minor units of the payment's currency. */
  amount: z
    .number({ error: "Enter the amount to refund." })
    .int("The amount must be a whole number of minor units.")
    .positive("The amount must be more than zero.")
    .max(MAX_AMOUNT, "The amount is larger than any payment."),
  reason: z
    .enum(refundReasons, {
      error: "Choose a reason: duplicate, fraudulent or requested by customer.",
    })
    .optional(),
  note: z
    .string()
    .trim()
    .max(1000, "Keep the note under 1,000 characters.")
    .refine(noNul)
    .optional(),
  ticket: z
    .string()
    .trim()
    .max(100, "Keep the ticket reference under 100 characters.")
    .refine(noNul)
    .optional(),
  /** One per user action (the dialog makes it when it opens): retries and double clicks reuse it. */
  idempotencyKey: z.uuid("The request is missing its action key; reopen the refund dialog."),
  /** The person saw that the same amount was refunded on this charge minutes ago, and means it. */
  confirmDuplicate: z.boolean().default(false),
  /** Email the customer a confirmation (the configured template) once Stripe confirms the refund. */
  notifyCustomer: z.boolean().default(false),
});
export type RefundRequest = z.infer<typeof refundRequestSchema>;

export const refundDecisionSchema = z.object({
  decision: z.enum(["approve", "reject"], { error: "Decide approve or reject." }),
  note: z.string().trim().max(1000).refine(noNul).optional(),
});

export const createPaymentSchema = z.object({
  reference: z.string().trim().min(1).max(200).refine(noNul),
  email: z.email().max(254).optional(),
  name: z.string().trim().max(200).refine(noNul).optional(),
  amount: z.number().int().positive().max(MAX_AMOUNT),
  currency: z
    .string()
    .regex(/^[a-z]{3}$/, "Use a lower-case ISO 4217 code such as usd.")
    .refine(isKnownCurrency, "Unknown currency: use an ISO 4217 code such as usd or jpy."),
  paymentMethod: z
    .string()
    .regex(/^pm_[A-Za-z0-9_]{1,100}$/)
    .default("pm_card_visa"),
  description: z.string().trim().max(1000).refine(noNul).optional(),
  idempotencyKey: z.uuid(),
});
