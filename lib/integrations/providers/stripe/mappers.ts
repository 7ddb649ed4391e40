import type { RefundStatus } from "@/lib/db/generated/enums";
import type {
  ChargeRecord,
  DisputeRecord,
  PaymentIntentRecord,
  RefundRecord,
} from "@/lib/payments/records";
import {
  referenceId,
  type StripeCharge,
  type StripeDispute,
  type StripePaymentIntent,
  type StripeRefund,
} from "./objects";
import { chargeProgress, disputeProgress, paymentIntentProgress, refundProgress } from "./progress";

const seconds = (value: number) => new Date(value * 1000);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `at`: when the event (or the read) that carried the object happened. */
export function toChargeRecord(charge: StripeCharge, raw: unknown, at: Date): ChargeRecord {
  return {
    chargeId: charge.id,
    paymentIntentId: referenceId(charge.payment_intent),
    customerId: referenceId(charge.customer),
    customerEmail: charge.billing_details?.email ?? charge.receipt_email ?? null,
    customerName: charge.billing_details?.name ?? null,
    amount: charge.amount,
    amountCaptured: charge.amount_captured ?? (charge.captured ? charge.amount : 0),
    amountRefunded: charge.amount_refunded,
    currency: charge.currency,
    captured: charge.captured,
    disputed: charge.disputed,
    chargeStatus: charge.status,
    failureCode: charge.failure_code ?? null,
    failureMessage: charge.failure_message ?? null,
    cardBrand: charge.payment_method_details?.card?.brand ?? null,
    cardLast4: charge.payment_method_details?.card?.last4 ?? null,
    description: charge.description ?? null,
    createdAt: seconds(charge.created),
    providerUpdatedAt: at,
    progress: chargeProgress(charge.status, charge.captured),
    raw,
  };
}

const REFUND_STATUS: Record<string, RefundStatus> = {
  pending: "PENDING",
  requires_action: "REQUIRES_ACTION",
  succeeded: "SUCCEEDED",
  failed: "FAILED",
  canceled: "CANCELED",
};

export function toRefundRecord(refund: StripeRefund, raw: unknown, at: Date): RefundRecord | null {
  const chargeId = referenceId(refund.charge);
  // A refund of something other than a charge (e.g. a customer balance) is not a payment's.
  if (!chargeId) return null;
  const consoleId = refund.metadata?.console_refund_id;
  return {
    providerRefundId: refund.id,
    chargeId,
    amount: refund.amount,
    currency: refund.currency,
    status: REFUND_STATUS[refund.status ?? ""] ?? "PENDING",
    reason: refund.reason ?? null,
    failureReason: refund.failure_reason ?? null,
    consoleRefundId: consoleId && UUID.test(consoleId) ? consoleId : null,
    providerCreatedAt: seconds(refund.created),
    providerUpdatedAt: at,
    progress: refundProgress(refund.status),
    raw,
  };
}

export function toDisputeRecord(
  dispute: StripeDispute,
  raw: unknown,
  at: Date,
): DisputeRecord | null {
  const chargeId = referenceId(dispute.charge);
  if (!chargeId) return null;
  return {
    providerDisputeId: dispute.id,
    chargeId,
    amount: dispute.amount,
    currency: dispute.currency,
    status: dispute.status,
    reason: dispute.reason,
    providerCreatedAt: seconds(dispute.created),
    providerUpdatedAt: at,
    progress: disputeProgress(dispute.status),
    raw,
  };
}

/** The charge an intent's status implies, for when its charge's own events have not come yet. */
function impliedCharge(intent: StripePaymentIntent): { status: string; captured: boolean } | null {
  switch (intent.status) {
    case "succeeded":
      return { status: "succeeded", captured: true };
    case "requires_capture":
    case "canceled":
      return { status: "succeeded", captured: false };
    case "processing":
      return { status: "pending", captured: false };
    case "requires_payment_method":
      return intent.last_payment_error ? { status: "failed", captured: false } : null;
    default:
      return null;
  }
}

export function toPaymentIntentRecord(
  intent: StripePaymentIntent,
  raw: unknown,
  at: Date,
): PaymentIntentRecord {
  const latestChargeId = referenceId(intent.latest_charge);
  const implied = impliedCharge(intent);
  return {
    paymentIntentId: intent.id,
    status: intent.status,
    progress: paymentIntentProgress(intent.status),
    latestChargeId,
    placeholder:
      latestChargeId && implied
        ? {
            chargeId: latestChargeId,
            paymentIntentId: intent.id,
            customerId: referenceId(intent.customer),
            customerEmail: intent.receipt_email ?? null,
            customerName: null,
            amount: intent.amount,
            amountCaptured: implied.captured ? (intent.amount_received ?? intent.amount) : 0,
            amountRefunded: 0,
            currency: intent.currency,
            captured: implied.captured,
            disputed: false,
            chargeStatus: implied.status,
            failureCode:
              intent.last_payment_error?.decline_code ?? intent.last_payment_error?.code ?? null,
            failureMessage: intent.last_payment_error?.message ?? null,
            cardBrand: null,
            cardLast4: null,
            description: intent.description ?? null,
            createdAt: seconds(intent.created),
            providerUpdatedAt: at,
            // Below any charge event's rank: the charge's own object replaces this outline.
            progress: -1,
            raw,
          }
        : null,
  };
}
