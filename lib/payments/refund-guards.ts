import { formatMoney } from "./money";

/** Everything the guards look at, read under the payment's row lock. */
export interface RefundGuardInput {
  amount: number;
  currency: string;
  chargeStatus: string;
  captured: boolean;
  disputed: boolean;
  amountCaptured: number;
  /** What the provider says is refunded already. */
  providerRefunded: number;
  /** Our refunds that have not failed: in flight, awaiting approval, accepted. */
  reserved: number;
  /** Refunds of this same amount on this charge within the duplicate window. */
  recentSameAmount: { createdAt: Date; requestedByEmail: string | null }[];
  confirmDuplicate: boolean;
  approvalThreshold: number;
  now: Date;
}

export const DUPLICATE_WINDOW_MS = 10 * 60 * 1000;

export type GuardVerdict =
  | { ok: true; needsApproval: boolean; balance: number }
  | {
      ok: false;
      kind: "not_refundable" | "over_refund" | "duplicate";
      message: string;
      balance: number;
    };

/** Captured minus refunds that have not failed (ours, or the provider's count if it is higher). */
export function refundableBalance(
  input: Pick<RefundGuardInput, "amountCaptured" | "providerRefunded" | "reserved">,
) {
  return Math.max(0, input.amountCaptured - Math.max(input.providerRefunded, input.reserved));
}

/** The checks made before any call to the provider, in the order a person would want to hear them. */
export function checkRefund(input: RefundGuardInput): GuardVerdict {
  const balance = refundableBalance(input);
  const money = (minor: number) => formatMoney(minor, input.currency);
  if (input.chargeStatus === "failed")
    return {
      ok: false,
      kind: "not_refundable",
      balance,
      message: "This payment failed: no money was taken, so there is nothing to refund.",
    };
  if (input.chargeStatus !== "succeeded" || !input.captured)
    return {
      ok: false,
      kind: "not_refundable",
      balance,
      message: "This payment has not been captured yet, so there is nothing to refund.",
    };
  if (input.disputed)
    return {
      ok: false,
      kind: "not_refundable",
      balance,
      message:
        "This payment is disputed. The card network handles the money now; refunding it as well would pay the customer twice.",
    };
  if (input.amount > balance)
    return {
      ok: false,
      kind: "over_refund",
      balance,
      message:
        balance === 0
          ? "This payment has been refunded in full already (or the rest is awaiting approval)."
          : `That is more than can be refunded: at most ${money(balance)} is left.`,
    };
  const recent = input.recentSameAmount.find(
    (refund) => input.now.getTime() - refund.createdAt.getTime() < DUPLICATE_WINDOW_MS,
  );
  if (recent && !input.confirmDuplicate) {
    const minutes = Math.max(
      1,
      Math.round((input.now.getTime() - recent.createdAt.getTime()) / 60_000),
    );
    return {
      ok: false,
      kind: "duplicate",
      balance,
      message: `${money(input.amount)} was already refunded on this payment ${minutes} minute${minutes === 1 ? "" : "s"} ago${recent.requestedByEmail ? ` by ${recent.requestedByEmail}` : ""}. Confirm that you mean to refund it again.`,
    };
  }
  return { ok: true, needsApproval: input.amount > input.approvalThreshold, balance };
}
