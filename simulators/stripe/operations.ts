import type { SimResponse } from "../host/module";
import { describeAmount } from "./currencies";
import { stripeError } from "./errors";
import type { Charge, Dispute, EventCause, PaymentIntent, Refund, StripeLedger } from "./ledger";
import {
  chargeObject,
  customerObject,
  disputeObject,
  paymentIntentObject,
  refundObject,
  TEST_CARDS,
} from "./objects";

/**
 * What Stripe does for each request the console makes, on the ledger: objects change, and each
 * change emits the events Stripe would send, in Stripe's order. Errors use Stripe's codes and
 * wording so that the console's handling is exercised as in production.
 */
export type Outcome<T> = { ok: true; value: T } | { ok: false; response: SimResponse };

const missing = (what: string, id: string, param: string): Outcome<never> => ({
  ok: false,
  response: stripeError(404, {
    type: "invalid_request_error",
    code: "resource_missing",
    param,
    message: `No such ${what}: '${id}'`,
  }),
});

export function createCustomer(
  ledger: StripeLedger,
  params: { email: string | null; name: string | null; metadata: Record<string, string> },
  cause: EventCause,
) {
  const customer = ledger.customers.insert(
    customerObject({ id: ledger.ids("cus_").slice(0, 18), created: ledger.seconds(), ...params }),
  );
  ledger.emit("customer.created", customer, cause);
  return customer;
}

export function createPaymentIntent(
  ledger: StripeLedger,
  params: {
    amount: number;
    currency: string;
    customer: string | null;
    paymentMethod: string | null;
    confirm: boolean;
    captureMethod: "automatic" | "manual";
    description: string | null;
    receiptEmail: string | null;
    metadata: Record<string, string>;
    created?: number;
  },
  cause: EventCause,
): Outcome<PaymentIntent> {
  const customer = params.customer ? ledger.customers.get(params.customer) : undefined;
  if (params.customer && !customer) return missing("customer", params.customer, "customer");
  const card = params.paymentMethod ? TEST_CARDS[params.paymentMethod] : undefined;
  if (params.paymentMethod && !card)
    return missing("PaymentMethod", params.paymentMethod, "payment_method");
  const created = params.created ?? ledger.seconds();
  const intent = ledger.paymentIntents.insert(
    paymentIntentObject({
      id: ledger.ids("pi_"),
      amount: params.amount,
      currency: params.currency,
      created,
      customer: params.customer,
      description: params.description,
      receiptEmail: params.receiptEmail ?? customer?.email ?? null,
      paymentMethod: params.paymentMethod ?? "",
      captureMethod: params.captureMethod,
      metadata: params.metadata,
    }),
  );
  if (!params.paymentMethod) intent.status = "requires_payment_method";
  ledger.emit("payment_intent.created", intent, cause, undefined, created);
  if (!params.confirm || !card || !params.paymentMethod) return { ok: true, value: intent };

  const charge = ledger.charges.insert(
    chargeObject({
      id: ledger.ids("ch_"),
      amount: params.amount,
      currency: params.currency,
      created,
      customer: params.customer,
      email: intent.receipt_email === null ? null : String(intent.receipt_email),
      name: customer?.name ?? null,
      description: params.description,
      paymentIntent: intent.id,
      paymentMethod: params.paymentMethod,
      card,
      captured: params.captureMethod === "automatic",
      metadata: params.metadata,
    }),
  );
  intent.latest_charge = charge.id;
  if (card.decline) {
    intent.status = "requires_payment_method";
    intent.last_payment_error = {
      type: "card_error",
      code: card.decline.code,
      decline_code: card.decline.declineCode,
      message: card.decline.message,
      charge: charge.id,
    };
    ledger.emit("charge.failed", charge, cause, undefined, created);
    ledger.emit("payment_intent.payment_failed", intent, cause, undefined, created);
    return {
      ok: false,
      response: stripeError(402, {
        type: "card_error",
        code: card.decline.code,
        decline_code: card.decline.declineCode,
        message: card.decline.message,
        charge: charge.id,
        payment_intent: intent,
      }),
    };
  }
  intent.status = params.captureMethod === "automatic" ? "succeeded" : "requires_capture";
  intent.amount_received = params.captureMethod === "automatic" ? params.amount : 0;
  intent.amount_capturable = params.captureMethod === "automatic" ? 0 : params.amount;
  ledger.emit("charge.succeeded", charge, cause, undefined, created);
  ledger.emit(
    params.captureMethod === "automatic"
      ? "payment_intent.succeeded"
      : "payment_intent.amount_capturable_updated",
    intent,
    cause,
    undefined,
    created,
  );
  if (card.disputes) createDispute(ledger, charge, "fraudulent", {}, created);
  return { ok: true, value: intent };
}

function refundable(charge: Charge): number {
  return charge.amount_captured - charge.amount_refunded;
}

export function createRefund(
  ledger: StripeLedger,
  params: {
    charge: string;
    amount: number | null;
    reason: string | null;
    metadata: Record<string, string>;
    created?: number;
  },
  cause: EventCause,
): Outcome<Refund> {
  const charge = ledger.charges.get(params.charge);
  if (!charge) return missing("charge", params.charge, "charge");
  const invalid = (code: string, message: string, param?: string): Outcome<never> => ({
    ok: false,
    response: stripeError(400, { type: "invalid_request_error", code, message, param }),
  });
  if (charge.status !== "succeeded" || !charge.captured)
    return invalid(
      "charge_not_refundable",
      `Charge ${charge.id} has not been captured and cannot be refunded.`,
    );
  if (charge.disputed)
    return invalid(
      "charge_disputed",
      `Charge ${charge.id} has been charged back; cannot issue a refund.`,
    );
  if (refundable(charge) <= 0)
    return invalid("charge_already_refunded", `Charge ${charge.id} has already been refunded.`);
  const amount = params.amount ?? refundable(charge);
  if (amount > refundable(charge)) {
    return invalid(
      "amount_too_large",
      `Refund amount (${describeAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${describeAmount(refundable(charge), charge.currency)})`,
      "amount",
    );
  }
  const created = params.created ?? ledger.seconds();
  const refund = ledger.refunds.insert(
    refundObject({
      id: ledger.ids("re_"),
      amount,
      charge,
      created,
      reason: params.reason,
      metadata: params.metadata,
    }),
  );
  const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded >= charge.amount_captured;
  ledger.emit("refund.created", refund, cause, undefined, created);
  ledger.emit("charge.refunded", charge, cause, previous, created);
  return { ok: true, value: refund };
}

/** A refund the bank could not deliver: it fails, and its amount is no longer refunded. */
export function failRefund(
  ledger: StripeLedger,
  refund: Refund,
  reason = "expired_or_canceled_card",
): Refund {
  if (refund.status === "failed") return refund;
  const charge = ledger.charges.get(refund.charge);
  refund.status = "failed";
  refund.failure_reason = reason;
  ledger.emit("refund.failed", refund, {}, { status: "succeeded" });
  ledger.emit("charge.refund.updated", refund, {}, { status: "succeeded" });
  if (charge) {
    const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
    charge.amount_refunded = Math.max(0, charge.amount_refunded - refund.amount);
    charge.refunded = charge.amount_refunded >= charge.amount_captured;
    ledger.emit("charge.updated", charge, {}, previous);
  }
  return refund;
}

export function createDispute(
  ledger: StripeLedger,
  charge: Charge,
  reason: string,
  cause: EventCause = {},
  created = ledger.seconds(),
): Dispute {
  const dispute = ledger.disputes.insert(
    disputeObject({ id: ledger.ids("dp_"), charge, created, reason }),
  );
  charge.disputed = true;
  ledger.emit("charge.dispute.created", dispute, cause, undefined, created);
  ledger.emit("charge.updated", charge, cause, { disputed: false }, created);
  return dispute;
}

export function closeDispute(
  ledger: StripeLedger,
  dispute: Dispute,
  status: "won" | "lost",
): Dispute {
  const previous = { status: dispute.status };
  dispute.status = status;
  ledger.emit("charge.dispute.closed", dispute, {}, previous);
  return dispute;
}

/** `Refund ${describeAmount(…)}` and friends read the amounts the way Stripe words them. */
export { describeAmount };
