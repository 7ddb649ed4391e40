import type { RefundNoticeState, RefundStatus } from "@/lib/db/generated/enums";

/** Pure: what to do about a refund's confirmation email, given where the refund stands. */
export type NoticeDecision =
  { action: "wait" } | { action: "queue"; to: string } | { action: "skip"; reason: string };

/** Refunds that will never go through: their notice is skipped, not kept waiting. */
const FINAL_WITHOUT_REFUND: ReadonlySet<RefundStatus> = new Set(["FAILED", "CANCELED", "REJECTED"]);

export function decideNotice(input: {
  refundStatus: RefundStatus;
  noticeState: RefundNoticeState | null;
  templateId: string | null;
  email: string | null;
  /** Labels of the address's active suppressions, in words. */
  suppressions: readonly string[];
}): NoticeDecision {
  if (input.noticeState !== "REQUESTED") return { action: "wait" };
  if (FINAL_WITHOUT_REFUND.has(input.refundStatus)) {
    return { action: "skip", reason: "The refund did not go through." };
  }
  // Only Stripe's confirmation counts: a pending refund may still fail at the card network.
  if (input.refundStatus !== "SUCCEEDED") return { action: "wait" };
  if (!input.templateId) {
    return { action: "skip", reason: "No confirmation template was recorded with the refund." };
  }
  const email = input.email?.trim();
  if (!email) return { action: "skip", reason: "The payment has no customer email address." };
  if (input.suppressions.length > 0) {
    return { action: "skip", reason: suppressedReason(email, input.suppressions) };
  }
  return { action: "queue", to: email };
}

export function suppressedReason(email: string, suppressions: readonly string[]): string {
  return `Not sent: ${email} is suppressed (${suppressions.join("; ")}).`;
}

/** The notice's part of the refund dialog's answer, or null when none was asked for. */
export function describeNotice(notice: {
  state: RefundNoticeState;
  recipient?: string | null;
  skipReason: string | null;
}): string {
  switch (notice.state) {
    case "REQUESTED":
      return "The confirmation email will be sent when Stripe confirms the refund.";
    case "QUEUED":
      return `A confirmation email is queued${notice.recipient ? ` to ${notice.recipient}` : ""}.`;
    case "SKIPPED":
      return `Confirmation email skipped: ${notice.skipReason ?? "no reason recorded."}`;
  }
}
