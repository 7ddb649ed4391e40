import type { Charge, Customer, Dispute, PaymentIntent, Refund } from "./ledger";

/** Stripe's object shapes (openapi/fixtures3.json), trimmed of what a card payment never has. */

export interface TestCard {
  brand: string;
  last4: string;
  country: string;
  /** A card the issuer declines, with Stripe's decline code. */
  decline?: { code: string; declineCode: string; message: string };
  /** The cardholder disputes the payment right after it succeeds. */
  disputes?: boolean;
}

/** Stripe's test payment methods (docs.stripe.com/testing) that the simulator knows. */
export const TEST_CARDS: Record<string, TestCard> = {
  pm_card_visa: { brand: "visa", last4: "4242", country: "US" },
  pm_card_mastercard: { brand: "mastercard", last4: "4444", country: "US" },
  pm_card_amex: { brand: "amex", last4: "8431", country: "US" },
  pm_card_jcb: { brand: "jcb", last4: "0000", country: "JP" },
  pm_card_gb: { brand: "visa", last4: "0002", country: "GB" },
  pm_card_chargeDeclined: {
    brand: "visa",
    last4: "0002",
    country: "US",
    decline: {
      code: "card_declined",
      declineCode: "generic_decline",
      message: "Your card was declined.",
    },
  },
  pm_card_chargeDeclinedInsufficientFunds: {
    brand: "visa",
    last4: "9995",
    country: "US",
    decline: {
      code: "card_declined",
      declineCode: "insufficient_funds",
      message: "Your card has insufficient funds.",
    },
  },
  pm_card_createDispute: { brand: "visa", last4: "0259", country: "US", disputes: true },
};

export function customerObject(fields: {
  id: string;
  created: number;
  email: string | null;
  name: string | null;
  metadata: Record<string, string>;
}): Customer {
  return {
    id: fields.id,
    object: "customer",
    address: null,
    balance: 0,
    created: fields.created,
    currency: null,
    default_source: null,
    delinquent: false,
    description: null,
    email: fields.email,
    invoice_prefix: fields.id.slice(4, 11).toUpperCase(),
    livemode: false,
    metadata: fields.metadata,
    name: fields.name,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
  };
}

export function chargeObject(fields: {
  id: string;
  amount: number;
  currency: string;
  created: number;
  customer: string | null;
  email: string | null;
  name: string | null;
  description: string | null;
  paymentIntent: string | null;
  paymentMethod: string;
  card: TestCard;
  captured: boolean;
  metadata: Record<string, string>;
}): Charge {
  const failed = Boolean(fields.card.decline);
  return {
    id: fields.id,
    object: "charge",
    amount: fields.amount,
    amount_captured: failed || !fields.captured ? 0 : fields.amount,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: failed ? null : `txn_${fields.id.slice(3)}`,
    billing_details: {
      address: {
        city: null,
        country: fields.card.country,
        line1: null,
        line2: null,
        postal_code: null,
        state: null,
      },
      email: fields.email,
      name: fields.name,
      phone: null,
      tax_id: null,
    },
    calculated_statement_descriptor: "CONSOLE DEMO",
    captured: !failed && fields.captured,
    created: fields.created,
    currency: fields.currency,
    customer: fields.customer,
    description: fields.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: fields.card.decline?.code ?? null,
    failure_message: fields.card.decline?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: fields.metadata,
    on_behalf_of: null,
    outcome: {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: failed ? "declined_by_network" : "approved_by_network",
      reason: fields.card.decline?.declineCode ?? null,
      risk_level: "normal",
      seller_message: failed
        ? "The bank did not return any further details with this decline."
        : "Payment complete.",
      type: failed ? "issuer_declined" : "authorized",
    },
    paid: !failed,
    payment_intent: fields.paymentIntent,
    payment_method: fields.paymentMethod,
    payment_method_details: {
      card: {
        amount_authorized: failed ? null : fields.amount,
        brand: fields.card.brand,
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "pass" },
        country: fields.card.country,
        exp_month: 8,
        exp_year: 2030,
        fingerprint: `fp${fields.card.last4}${fields.card.brand}`,
        funding: "credit",
        last4: fields.card.last4,
        network: fields.card.brand,
        three_d_secure: null,
        wallet: null,
      },
      type: "card",
    },
    receipt_email: fields.email,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    review: null,
    shipping: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: failed ? "failed" : "succeeded",
    transfer_data: null,
    transfer_group: null,
  };
}

export function paymentIntentObject(fields: {
  id: string;
  amount: number;
  currency: string;
  created: number;
  customer: string | null;
  description: string | null;
  receiptEmail: string | null;
  paymentMethod: string;
  captureMethod: "automatic" | "manual";
  metadata: Record<string, string>;
}): PaymentIntent {
  return {
    id: fields.id,
    object: "payment_intent",
    amount: fields.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: { allow_redirects: "never", enabled: true },
    canceled_at: null,
    cancellation_reason: null,
    capture_method: fields.captureMethod,
    client_secret: `${fields.id}_secret_${fields.id.slice(3, 15)}`,
    confirmation_method: "automatic",
    created: fields.created,
    currency: fields.currency,
    customer: fields.customer,
    description: fields.description,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    metadata: fields.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: fields.paymentMethod,
    payment_method_options: {},
    payment_method_types: ["card"],
    processing: null,
    receipt_email: fields.receiptEmail,
    review: null,
    setup_future_usage: null,
    shipping: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: "requires_confirmation",
    transfer_data: null,
    transfer_group: null,
  };
}

export function refundObject(fields: {
  id: string;
  amount: number;
  charge: Charge;
  created: number;
  reason: string | null;
  metadata: Record<string, string>;
}): Refund {
  return {
    id: fields.id,
    object: "refund",
    amount: fields.amount,
    balance_transaction: `txn_${fields.id.slice(3)}`,
    charge: fields.charge.id,
    created: fields.created,
    currency: fields.charge.currency,
    destination_details: { card: { type: "refund" }, type: "card" },
    failure_reason: null,
    metadata: fields.metadata,
    payment_intent: fields.charge.payment_intent,
    reason: fields.reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: "succeeded",
    transfer_reversal: null,
  };
}

export function disputeObject(fields: {
  id: string;
  charge: Charge;
  created: number;
  reason: string;
}): Dispute {
  return {
    id: fields.id,
    object: "dispute",
    amount: fields.charge.amount_captured,
    balance_transactions: [],
    charge: fields.charge.id,
    created: fields.created,
    currency: fields.charge.currency,
    evidence_details: {
      due_by: fields.created + 7 * 86_400,
      has_evidence: false,
      past_due: false,
      submission_count: 0,
    },
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent: fields.charge.payment_intent,
    reason: fields.reason,
    status: "needs_response",
  };
}
