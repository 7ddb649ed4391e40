"use client";

import Link from "next/link";
import { useState } from "react";
import { z } from "zod";
import { formatTime } from "@/components/email/format";
import { StatusBadge as EmailStatusBadge } from "@/components/email/status-badge";
import { TRANSACTION_STATUSES } from "@/components/payments/schemas";
import { StatusBadge as PaymentStatusBadge } from "@/components/payments/status-badge";
import type { TimelineItem } from "@/lib/customers/views";
import { formatMoney } from "@/lib/payments/money";
import { QuickRefund } from "./quick-refund";
import { QuickResend } from "./quick-resend";

const KIND_STYLE: Record<TimelineItem["kind"], string> = {
  payment: "bg-emerald-500",
  refund: "bg-sky-500",
  dispute: "bg-amber-500",
  email: "bg-indigo-500",
  email_event: "bg-indigo-300",
  suppression: "bg-red-500",
  staff: "bg-slate-400",
};

const KIND_NAME: Record<TimelineItem["kind"], string> = {
  payment: "Payment",
  refund: "Refund",
  dispute: "Dispute",
  email: "Email",
  email_event: "Delivery",
  suppression: "Suppression",
  staff: "Staff",
};

const paymentStatus = z.enum(TRANSACTION_STATUSES);
const REFUNDABLE = new Set(["SUCCEEDED", "PARTIALLY_REFUNDED"]);

function Status({ item }: { item: TimelineItem }) {
  if (!item.status) return null;
  if (item.kind === "payment") {
    const status = paymentStatus.safeParse(item.status);
    if (status.success) return <PaymentStatusBadge status={status.data} />;
  }
  if (item.kind === "email") return <EmailStatusBadge status={item.status} />;
  return (
    <span className="whitespace-nowrap rounded bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700 dark:bg-slate-800 dark:text-slate-300">
      {item.status.charAt(0) + item.status.slice(1).toLowerCase().replaceAll("_", " ")}
    </span>
  );
}

function Behind({ behind }: { behind: TimelineItem["behind"] }) {
  const count = behind.webhooks.length + behind.apiCalls.length;
  if (count === 0) return null;
  return (
    <details className="mt-1 text-xs">
      <summary className="cursor-pointer text-slate-500">
        Behind it: {behind.webhooks.length} webhook{behind.webhooks.length === 1 ? "" : "s"},{" "}
        {behind.apiCalls.length} API call{behind.apiCalls.length === 1 ? "" : "s"}
      </summary>
      <ul className="mt-1 space-y-0.5 pl-3">
        {behind.webhooks.map((hook) => (
          <li key={hook.id} className="break-all">
            <Link
              href={`/webhooks/${hook.id}`}
              className="text-indigo-700 underline dark:text-indigo-300"
            >
              Webhook {hook.label}
            </Link>{" "}
            <span className="text-slate-500">
              ({hook.status.toLowerCase().replaceAll("_", " ")})
            </span>
          </li>
        ))}
        {behind.apiCalls.map((call) => (
          <li key={call.id} className="break-all">
            <Link
              href={`/api-calls/${call.id}`}
              className="text-indigo-700 underline dark:text-indigo-300"
            >
              API call {call.label}
            </Link>{" "}
            <span className="text-slate-500">
              ({call.outcome.toLowerCase().replaceAll("_", " ")})
            </span>
          </li>
        ))}
      </ul>
    </details>
  );
}

/** One entry of a customer's timeline, with its quick action where staff may take one. */
export function TimelineEntry({
  item,
  canRefund,
  canResend,
  onChanged,
}: {
  item: TimelineItem;
  canRefund: boolean;
  canResend: boolean;
  onChanged: () => void;
}) {
  const [acting, setActing] = useState(false);
  const refundable =
    canRefund && item.kind === "payment" && item.chargeId && REFUNDABLE.has(item.status ?? "");
  const resendable = canResend && item.kind === "email" && item.messageId;
  return (
    <li className="relative pb-4 pl-6" data-testid="timeline-item" data-kind={item.kind}>
      <span
        aria-hidden
        className={`absolute left-0 top-1.5 h-2.5 w-2.5 rounded-full ${KIND_STYLE[item.kind]}`}
      />
      <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
        <span className="text-xs uppercase tracking-wide text-slate-500">
          {KIND_NAME[item.kind]}
        </span>
        {item.href ? (
          <Link
            href={item.href}
            className="min-w-0 break-words font-medium text-indigo-700 underline dark:text-indigo-300"
          >
            {item.title}
          </Link>
        ) : (
          <span className="min-w-0 break-words font-medium">{item.title}</span>
        )}
        {item.amount ? (
          <span className="tabular-nums font-medium">
            {formatMoney(item.amount.value, item.amount.currency)}
          </span>
        ) : null}
        <Status item={item} />
        <time dateTime={item.at} className="ml-auto whitespace-nowrap text-xs text-slate-500">
          {formatTime(item.at)}
        </time>
      </div>
      {item.detail ? (
        <p className="break-words text-xs text-slate-600 dark:text-slate-400">{item.detail}</p>
      ) : null}
      <Behind behind={item.behind} />
      {/* Once open, the action stays: a payment refunded in full is no longer refundable, and
          its dialog must still show the answer. */}
      {refundable || resendable || acting ? (
        <div className="mt-2">
          {acting ? (
            item.kind === "payment" && item.chargeId ? (
              <QuickRefund chargeId={item.chargeId} onDone={onChanged} />
            ) : item.messageId ? (
              <QuickResend messageId={item.messageId} onResent={onChanged} />
            ) : null
          ) : (
            <button
              type="button"
              onClick={() => setActing(true)}
              className="rounded-md border border-slate-300 px-2 py-1 text-xs font-medium hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800"
            >
              {refundable ? "Refund…" : "Resend…"}
            </button>
          )}
        </div>
      ) : null}
    </li>
  );
}
