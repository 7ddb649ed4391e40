import { randomUUID } from "node:crypto";
import type { Actor } from "@/lib/auth/permissions";
import { createPayment } from "@/lib/payments/payments";
import { randomEmail, randomId } from "../../../support/factories";

export async function makePayment(
  actor: Actor,
  overrides: { amount?: number; currency?: string; paymentMethod?: string; email?: string } = {},
) {
  const payment = await createPayment({
    actor,
    input: {
      reference: randomId("ref-"),
      email: overrides.email ?? randomEmail(),
      name: "Test Customer",
      amount: overrides.amount ?? 10_000,
      currency: overrides.currency ?? "usd",
      paymentMethod: overrides.paymentMethod ?? "pm_card_visa",
      idempotencyKey: randomUUID(),
    },
  });
  if (!payment.chargeId) throw new Error("the payment has no charge");
  return { ...payment, chargeId: payment.chargeId };
}

export function refundInput(amount: number, overrides: Record<string, unknown> = {}) {
  return {
    amount,
    reason: "requested_by_customer",
    note: "customer asked",
    ticket: randomId("T-"),
    idempotencyKey: randomUUID(),
    ...overrides,
  };
}
