import type { RefundStatus, TransactionStatus } from "@/lib/db/generated/enums";

/** Refunds that count against the balance: everything but those that ended without money moving. */
export const RESERVING_REFUND_STATUSES: readonly RefundStatus[] = [
  "PENDING_APPROVAL",
  "SUBMITTING",
  "PENDING",
  "REQUIRES_ACTION",
  "SUCCEEDED",
];

/** Refunds the provider has accepted: money is on its way back. */
export const ACCEPTED_REFUND_STATUSES: readonly RefundStatus[] = [
  "PENDING",
  "REQUIRES_ACTION",
  "SUCCEEDED",
];

/** The one status the list filters on, from the charge, its payment intent and its refunds. */
export function deriveStatus(row: {
  chargeStatus: string;
  captured: boolean;
  amountCaptured: number;
  refunded: number;
  disputed: boolean;
  paymentIntentStatus: string | null;
}): TransactionStatus {
  if (row.chargeStatus === "failed") return "FAILED";
  if (row.chargeStatus === "pending") return "PENDING";
  if (!row.captured) return row.paymentIntentStatus === "canceled" ? "CANCELED" : "UNCAPTURED";
  if (row.disputed) return "DISPUTED";
  if (row.amountCaptured > 0 && row.refunded >= row.amountCaptured) return "REFUNDED";
  if (row.refunded > 0) return "PARTIALLY_REFUNDED";
  return "SUCCEEDED";
}
