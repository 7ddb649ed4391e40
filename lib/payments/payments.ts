import "server-only";
import { PAYMENT_TX } from "./transaction-options";
import { createHash } from "node:crypto";
import { recordAudit } from "@/lib/audit/audit";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { isIntegrationError } from "@/lib/integrations/core";
import {
  createAndConfirmPaymentIntent,
  createCustomer,
  listDisputes,
  listRefunds,
  retrieveCharge,
} from "@/lib/integrations/providers/stripe/api/payments";
import {
  toChargeRecord,
  toDisputeRecord,
  toRefundRecord,
} from "@/lib/integrations/providers/stripe/mappers";
import { referenceId } from "@/lib/integrations/providers/stripe/objects";
import { parseInput } from "@/lib/validation";
import { chargeIdSchema, createPaymentSchema } from "./schemas";
import { applyCharge, applyDispute, applyRefund } from "./sync";

/**
 * The provider's customer for one of our references (an account id, an order's buyer), created
 * once: the key is derived from the reference, so two concurrent first payments make one customer.
 */
export async function getOrCreateCustomer(options: {
  reference: string;
  email?: string;
  name?: string;
  actor?: Actor | null;
}): Promise<string> {
  const db = getDb();
  const known = await db.paymentCustomer.findUnique({ where: { reference: options.reference } });
  if (known) return known.providerCustomerId;
  const customer = await createCustomer(
    {
      reference: options.reference,
      email: options.email,
      name: options.name,
      idempotencyKey: `customer-${createHash("sha256").update(options.reference).digest("hex").slice(0, 40)}`,
    },
    { actor: options.actor },
  );
  await db.paymentCustomer.createMany({
    data: [
      {
        reference: options.reference,
        providerCustomerId: customer.id,
        email: customer.email ?? null,
      },
    ],
    skipDuplicates: true,
  });
  const stored = await db.paymentCustomer.findUniqueOrThrow({
    where: { reference: options.reference },
  });
  return stored.providerCustomerId;
}

/**
 * Takes a payment with a test payment method: the demo's "new payment" and the tests' way of making
 * one. The charge is read back and stored at once; its webhooks then find it already there.
 */
export async function createPayment(options: { actor: Actor; input: unknown; ip?: string | null }) {
  await authorize(options.actor, "payments:refund", { resource: "payments:create" });
  const input = parseInput(createPaymentSchema, options.input);
  const customer = await getOrCreateCustomer({
    reference: input.reference,
    email: input.email,
    name: input.name,
    actor: options.actor,
  });
  const intent = await createAndConfirmPaymentIntent(
    {
      amount: input.amount,
      currency: input.currency,
      customer,
      paymentMethod: input.paymentMethod,
      receiptEmail: input.email,
      description: input.description,
      idempotencyKey: input.idempotencyKey,
    },
    { actor: options.actor },
  );
  const chargeId = referenceId(intent.latest_charge);
  if (chargeId) await resyncCharge(chargeId, options.actor);
  await recordAudit({
    action: "payment.created",
    outcome: "SUCCESS",
    actor: options.actor,
    ip: options.ip,
    target: chargeId ? { type: "payment", id: chargeId } : null,
    details: {
      paymentIntentId: intent.id,
      amount: input.amount,
      currency: input.currency,
      status: intent.status,
    },
  });
  return { paymentIntentId: intent.id, chargeId, status: intent.status };
}

async function resyncCharge(chargeId: string, actor: Actor | null) {
  const context = { actor, correlationId: `charge:${chargeId}` };
  const charge = await retrieveCharge(chargeId, context);
  const [refunds, disputes] = await Promise.all([
    listRefunds(chargeId, context),
    listDisputes(chargeId, context),
  ]);
  // A read is the provider's state now: newer than any event that may still be on its way.
  const now = new Date();
  await getDb().$transaction(async (tx) => {
    await applyCharge(tx, toChargeRecord(charge, charge, now));
    for (const refund of refunds.data) {
      const record = toRefundRecord(refund, refund, now);
      if (record) await applyRefund(tx, record);
    }
    for (const dispute of disputes.data) {
      const record = toDisputeRecord(dispute, dispute, now);
      if (record) await applyDispute(tx, record);
    }
  }, PAYMENT_TX);
  return { refunds: refunds.data.length, disputes: disputes.data.length };
}

/** Reads one payment, its refunds and disputes from the provider and stores what it says now. */
export async function resyncPayment(options: {
  actor: Actor;
  chargeId: string;
  ip?: string | null;
}) {
  await authorize(options.actor, "payments:refund", { resource: `payment:${options.chargeId}` });
  const chargeId = parseInput(chargeIdSchema, options.chargeId);
  try {
    const counts = await resyncCharge(chargeId, options.actor);
    await recordAudit({
      action: "payment.resynced",
      outcome: "SUCCESS",
      actor: options.actor,
      ip: options.ip,
      target: { type: "payment", id: chargeId },
      details: counts,
    });
    return counts;
  } catch (error) {
    if (isIntegrationError(error) && error.code === "NOT_FOUND") {
      throw new AppError("NOT_FOUND", "The payment provider has no such charge.");
    }
    throw error;
  }
}
