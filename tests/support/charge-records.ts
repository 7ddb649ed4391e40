import type { ChargeRecord } from "@/lib/payments/records";
import { randomId } from "./factories";

/** A succeeded, captured card charge as the Stripe module maps one, with random ids. */
export function chargeRecord(overrides: Partial<ChargeRecord> = {}): ChargeRecord {
  const at =
    overrides.createdAt ?? new Date(Date.UTC(2025, 0, 1) + Math.floor(Math.random() * 1e9));
  const amount = overrides.amount ?? 1_500;
  return {
    chargeId: randomId("ch_"),
    paymentIntentId: randomId("pi_"),
    customerId: null,
    customerEmail: null,
    customerName: null,
    amount,
    amountCaptured: amount,
    amountRefunded: 0,
    currency: "usd",
    captured: true,
    disputed: false,
    chargeStatus: "succeeded",
    failureCode: null,
    failureMessage: null,
    cardBrand: "visa",
    cardLast4: "4242",
    description: null,
    createdAt: at,
    providerUpdatedAt: at,
    progress: 3,
    raw: {},
    ...overrides,
  };
}
