"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, useTransition } from "react";
import { resyncAction } from "@/app/(console)/transactions/actions";
import { CustomerTimelineLink } from "@/components/customers/customer-timeline-link";
import { Notice } from "@/components/ui/notice";
import { formatMoney } from "@/lib/payments/money";
import { RefundDialog } from "./refund-dialog";
import { RefundNoticeLine } from "./refund-notice-line";
import { getJson, paymentDetailSchema, type PaymentDetailData } from "./schemas";
import { StatusBadge } from "./status-badge";
import { Timeline } from "./timeline";

const when = (iso: string) => new Date(iso).toLocaleString();

const UNSETTLED = new Set(["SUBMITTING", "PENDING", "REQUIRES_ACTION", "PENDING_APPROVAL"]);

/** One payment: amounts, balance, customer, refunds, disputes and one timeline, kept fresh. */
export function PaymentDetailView({ initial }: { initial: PaymentDetailData }) {
  const chargeId = initial.transaction.chargeId;
  const { data: detail = initial, error } = useQuery({
    queryKey: ["payment", chargeId],
    queryFn: () =>
      getJson(`/api/transactions/${encodeURIComponent(chargeId)}`, paymentDetailSchema),
    initialData: initial,
    // Faster while a refund is on its way, so its outcome shows without a reload.
    refetchInterval: (query) =>
      query.state.data?.refunds.some((refund) => UNSETTLED.has(refund.status)) ? 3_000 : 15_000,
  });
  const { transaction: t } = detail;
  const money = (minor: number) => formatMoney(minor, t.currency);
  return (
    <div className="space-y-6">
      {error instanceof Error ? (
        <Notice ok={false}>Could not refresh: {error.message}</Notice>
      ) : null}
      <section
        id="payment"
        className="rounded-lg border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900"
      >
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0">
            <div className="flex items-center gap-3">
              <span className="text-3xl font-semibold tabular-nums" data-testid="payment-amount">
                {money(t.amount)}
              </span>
              <StatusBadge status={t.status} />
            </div>
            <p className="mt-1 break-all text-sm text-slate-600 dark:text-slate-400">
              {t.customerName ? `${t.customerName} · ` : ""}
              {t.customerEmail ?? "No email on this payment"}
            </p>
            <CustomerTimelineLink customerId={detail.customerId} with="emails" />
          </div>
          {detail.canRefund ? (
            <div className="flex flex-wrap items-start gap-2">
              <RefundDialog detail={detail} />
              <ResyncButton chargeId={chargeId} />
            </div>
          ) : null}
        </div>
        <dl className="mt-5 grid gap-4 text-sm sm:grid-cols-2 lg:grid-cols-4">
          <Fact label="Captured" value={money(t.amountCaptured)} />
          <Fact label="Refunded" value={money(t.amountRefunded)} testId="refunded-amount" />
          <Fact
            label="Refundable now"
            value={money(detail.refundable)}
            testId="refundable-balance"
          />
          <Fact label="Created" value={when(t.createdAt)} />
          <Fact label="Charge" value={t.chargeId} mono />
          <Fact
            label="Payment intent"
            value={
              t.paymentIntentId ? `${t.paymentIntentId} (${t.paymentIntentStatus ?? "?"})` : "—"
            }
            mono
          />
          <Fact label="Customer" value={t.customerId ?? "—"} mono />
          <Fact
            label="Card"
            value={t.cardLast4 ? `${t.cardBrand ?? "card"} ending ${t.cardLast4}` : "—"}
          />
          {t.failureMessage ? (
            <Fact
              label="Failure"
              value={`${t.failureMessage}${t.failureCode ? ` (${t.failureCode})` : ""}`}
            />
          ) : null}
          {t.description ? <Fact label="Description" value={t.description} /> : null}
        </dl>
      </section>

      <section className="rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <h2 className="border-b border-slate-200 px-5 py-3 font-semibold dark:border-slate-800">
          Refunds
        </h2>
        {detail.refunds.length === 0 ? (
          <p className="px-5 py-4 text-sm text-slate-500">No refunds.</p>
        ) : (
          <ul className="divide-y divide-slate-100 dark:divide-slate-800" data-testid="refunds">
            {detail.refunds.map((refund) => (
              <li
                key={refund.id}
                id={`refund-${refund.id}`}
                className="grid gap-1 px-5 py-3 text-sm sm:grid-cols-4"
                data-testid="refund-row"
              >
                <span className="font-medium tabular-nums">{money(refund.amount)}</span>
                <span data-testid="refund-status">
                  {refund.status.toLowerCase().replaceAll("_", " ")}
                </span>
                <span className="text-slate-500">
                  {refund.requestedByEmail
                    ? `by ${refund.requestedByEmail}`
                    : "outside the console"}
                  {refund.decidedByEmail ? `, decided by ${refund.decidedByEmail}` : ""}
                </span>
                <span className="text-slate-500">{when(refund.createdAt)}</span>
                {refund.reason || refund.ticket || refund.note ? (
                  <span className="text-slate-500 sm:col-span-4">
                    {[refund.reason?.replaceAll("_", " "), refund.ticket, refund.note]
                      .filter(Boolean)
                      .join(" · ")}
                  </span>
                ) : null}
                {refund.failureReason || refund.lastError ? (
                  <span className="text-red-700 sm:col-span-4 dark:text-red-400">
                    {refund.failureReason ?? refund.lastError}
                  </span>
                ) : null}
                {refund.notice ? <RefundNoticeLine notice={refund.notice} /> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      {detail.disputes.length > 0 ? (
        <section className="rounded-lg border border-amber-300 bg-white dark:border-amber-800 dark:bg-slate-900">
          <h2 className="border-b border-amber-200 px-5 py-3 font-semibold dark:border-amber-900">
            Disputes
          </h2>
          <ul className="divide-y divide-slate-100 dark:divide-slate-800">
            {detail.disputes.map((dispute) => (
              <li
                key={dispute.id}
                id={`dispute-${dispute.id}`}
                className="grid gap-1 px-5 py-3 text-sm sm:grid-cols-4"
              >
                <span className="font-medium tabular-nums">
                  {formatMoney(dispute.amount, dispute.currency)}
                </span>
                <span>{dispute.status.replaceAll("_", " ")}</span>
                <span className="text-slate-500">{dispute.reason.replaceAll("_", " ")}</span>
                <span className="font-mono text-xs text-slate-500">
                  {dispute.providerDisputeId}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <Timeline entries={detail.timeline} />

      <details className="rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <summary className="cursor-pointer px-5 py-3 font-semibold">
          The payment as Stripe sent it (raw JSON)
        </summary>
        <pre className="max-h-96 overflow-auto px-5 pb-4 text-xs">
          {JSON.stringify(detail.raw, null, 2)}
        </pre>
      </details>
      <p className="text-sm">
        <Link href="/transactions" className="text-indigo-700 hover:underline dark:text-indigo-300">
          ← All transactions
        </Link>
      </p>
    </div>
  );
}

function Fact({
  label,
  value,
  mono,
  testId,
}: {
  label: string;
  value: string;
  mono?: boolean;
  testId?: string;
}) {
  return (
    <div className="min-w-0">
      <dt className="text-xs uppercase text-slate-500">{label}</dt>
      <dd className={`mt-0.5 break-all ${mono ? "font-mono text-xs" : ""}`} data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

function ResyncButton({ chargeId }: { chargeId: string }) {
  const queryClient = useQueryClient();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <div className="flex flex-col items-start gap-1">
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await resyncAction(chargeId);
            await queryClient.invalidateQueries({ queryKey: ["payment", chargeId] });
            setMessage(
              result.ok
                ? { ok: true, text: "Re-read from Stripe." }
                : { ok: false, text: result.message },
            );
          })
        }
        title="Read this payment, its refunds and disputes from Stripe again"
        className="rounded-md border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-100 disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800"
      >
        {pending ? "Re-syncing…" : "Re-sync"}
      </button>
      {message ? (
        <span
          role={message.ok ? "status" : "alert"}
          className={`max-w-xs text-xs ${message.ok ? "text-emerald-700 dark:text-emerald-300" : "text-red-700 dark:text-red-400"}`}
        >
          {message.text}
        </span>
      ) : null}
    </div>
  );
}
