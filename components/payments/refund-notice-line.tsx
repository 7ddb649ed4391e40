import Link from "next/link";
import type { RefundItem } from "./schemas";

/** A refund's confirmation email on its row: waiting, queued (linked to the email) or skipped. */
export function RefundNoticeLine({ notice }: { notice: NonNullable<RefundItem["notice"]> }) {
  return (
    <span className="text-slate-600 sm:col-span-4 dark:text-slate-400" data-testid="refund-notice">
      {notice.state === "QUEUED" && notice.messageId ? (
        <>
          Confirmation email queued{notice.recipient ? ` to ${notice.recipient}` : ""}:{" "}
          <Link
            href={`/emails/${notice.messageId}`}
            className="text-indigo-700 hover:underline dark:text-indigo-300"
          >
            see the email
          </Link>
        </>
      ) : notice.state === "SKIPPED" ? (
        `Confirmation email skipped: ${notice.skipReason ?? "no reason recorded."}`
      ) : notice.state === "REQUESTED" ? (
        "Confirmation email will be sent when Stripe confirms the refund."
      ) : (
        "Confirmation email queued."
      )}
    </span>
  );
}
