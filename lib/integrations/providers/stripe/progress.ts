/**
 * How far a Stripe object has come, from its own fields: the rule that keeps a late event from
 * overwriting newer state. Events arrive in any order and several share a second, so arrival
 * order and event time alone cannot decide; a higher rank always wins, and only between equal
 * ranks does the newer event win.
 */

/** pending < authorised (uncaptured) < captured or failed. */
export function chargeProgress(status: string, captured: boolean): number {
  if (status === "failed") return 2;
  if (status === "succeeded") return captured ? 2 : 1;
  return 0;
}

/** The console's own states (0) < pending < succeeded < failed or canceled, which are final. */
export function refundProgress(status: string | null | undefined): number {
  switch (status ?? "") {
    case "pending":
    case "requires_action":
      return 1;
    case "succeeded":
      return 2;
    case "failed":
    case "canceled":
      return 3;
    default:
      return 0;
  }
}

/** Needs response < under review < closed (won, lost, warning_closed, prevented). */
export function disputeProgress(status: string): number {
  switch (status) {
    case "warning_needs_response":
    case "needs_response":
      return 1;
    case "warning_under_review":
    case "under_review":
      return 2;
    default:
      return 3;
  }
}

const PAYMENT_INTENT_ORDER = [
  "requires_payment_method",
  "requires_confirmation",
  "requires_action",
  "processing",
  "requires_capture",
];

/** Succeeded and canceled are final; the rest in the order a payment goes through them. */
export function paymentIntentProgress(status: string): number {
  if (status === "succeeded" || status === "canceled") return PAYMENT_INTENT_ORDER.length;
  const index = PAYMENT_INTENT_ORDER.indexOf(status);
  return index === -1 ? 0 : index;
}

/** Whether incoming state replaces what is stored: more progress, or as much and not older. */
export function incomingWins(
  stored: { progress: number; providerUpdatedAt: Date | null },
  incoming: { progress: number; providerUpdatedAt: Date },
): boolean {
  if (incoming.progress !== stored.progress) return incoming.progress > stored.progress;
  return !stored.providerUpdatedAt || incoming.providerUpdatedAt >= stored.providerUpdatedAt;
}
