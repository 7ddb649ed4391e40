import "server-only";
import { z } from "zod";
import type { CallActor } from "@/lib/integrations/core";
import { stripeCall } from "../client";
import {
  chargeSchema,
  customerSchema,
  disputeSchema,
  eventListSchema,
  paymentIntentSchema,
  refundSchema,
} from "../objects";

/** The Stripe calls the payment service makes, each one through the integration core. */

const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ object: z.literal("list"), data: z.array(item), has_more: z.boolean() });

interface CallContext {
  actor?: CallActor | null;
  correlationId?: string;
}

export function createCustomer(
  input: { reference: string; email?: string; name?: string; idempotencyKey: string },
  context: CallContext = {},
) {
  const params = {
    email: input.email,
    name: input.name,
    metadata: { console_reference: input.reference },
  };
  return stripeCall({
    operation: "customers.create",
    method: "POST",
    path: "/v1/customers",
    idempotencyKey: input.idempotencyKey,
    requestBody: params,
    schema: customerSchema,
    ...context,
    send: (stripe, options) => stripe.customers.create(params, options),
  });
}

/** Creates and confirms in one call, with a test payment method: for the demo and for tests. */
export function createAndConfirmPaymentIntent(
  input: {
    amount: number;
    currency: string;
    customer: string;
    paymentMethod: string;
    receiptEmail?: string;
    description?: string;
    idempotencyKey: string;
  },
  context: CallContext = {},
) {
  const params = {
    amount: input.amount,
    currency: input.currency,
    customer: input.customer,
    payment_method: input.paymentMethod,
    receipt_email: input.receiptEmail,
    description: input.description,
    confirm: true,
    automatic_payment_methods: { enabled: true, allow_redirects: "never" as const },
  };
  return stripeCall({
    operation: "payment_intents.create",
    method: "POST",
    path: "/v1/payment_intents",
    idempotencyKey: input.idempotencyKey,
    requestBody: params,
    schema: paymentIntentSchema,
    ...context,
    send: (stripe, options) => stripe.paymentIntents.create(params, options),
  });
}

export function retrieveCharge(chargeId: string, context: CallContext = {}) {
  return stripeCall({
    operation: "charges.retrieve",
    method: "GET",
    path: `/v1/charges/${chargeId}`,
    schema: chargeSchema,
    ...context,
    send: (stripe, options) => stripe.charges.retrieve(chargeId, {}, options),
  });
}

export function listRefunds(chargeId: string, context: CallContext = {}) {
  return stripeCall({
    operation: "refunds.list",
    method: "GET",
    path: `/v1/refunds?charge=${chargeId}`,
    schema: listOf(refundSchema),
    ...context,
    send: (stripe, options) => stripe.refunds.list({ charge: chargeId, limit: 100 }, options),
  });
}

export function listDisputes(chargeId: string, context: CallContext = {}) {
  return stripeCall({
    operation: "disputes.list",
    method: "GET",
    path: `/v1/disputes?charge=${chargeId}`,
    schema: listOf(disputeSchema),
    ...context,
    send: (stripe, options) => stripe.disputes.list({ charge: chargeId, limit: 100 }, options),
  });
}

export type RefundReason = "duplicate" | "fraudulent" | "requested_by_customer";

export function createRefund(
  input: {
    chargeId: string;
    amount: number;
    reason?: RefundReason;
    /** Our refund's id, so its webhook finds our row even before this call returns. */
    consoleRefundId: string;
    ticket?: string;
    idempotencyKey: string;
  },
  context: CallContext = {},
) {
  const params = {
    charge: input.chargeId,
    amount: input.amount,
    reason: input.reason,
    metadata: {
      console_refund_id: input.consoleRefundId,
      ...(input.ticket ? { ticket: input.ticket } : {}),
    },
  };
  return stripeCall({
    operation: "refunds.create",
    method: "POST",
    path: "/v1/refunds",
    idempotencyKey: input.idempotencyKey,
    requestBody: params,
    schema: refundSchema,
    ...context,
    send: (stripe, options) => stripe.refunds.create(params, options),
  });
}

/** Newest first, as Stripe lists them; `startingAfter` pages further back. */
export function listEvents(
  input: { limit: number; startingAfter?: string },
  context: CallContext = {},
) {
  const params = { limit: input.limit, starting_after: input.startingAfter };
  return stripeCall({
    operation: "events.list",
    method: "GET",
    path: "/v1/events",
    schema: eventListSchema,
    ...context,
    send: (stripe, options) => stripe.events.list(params, options),
  });
}
