import Link from "next/link";
import { formatTime } from "@/components/email/format";
import { StatusBadge as EmailStatusBadge } from "@/components/email/status-badge";
import type { CustomerDetail } from "@/lib/customers/views";
import { formatMoney } from "@/lib/payments/money";

const paymentCount = (detail: CustomerDetail) =>
  detail.totals.reduce((sum, row) => sum + row.payments, 0);

/** Lifetime money per currency, the last email and any suppression: the support agent's first look. */
export function CustomerSummary({ detail }: { detail: CustomerDetail }) {
  return (
    <section
      aria-label="Summary"
      className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-3 dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="min-w-0 md:col-span-1">
        <h2 className="text-xs font-medium uppercase text-slate-500">Payments</h2>
        {detail.totals.length === 0 ? (
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">No payments.</p>
        ) : (
          <table className="mt-1 w-full text-sm" data-testid="customer-totals">
            <thead className="text-xs text-slate-500">
              <tr>
                <th className="text-left font-normal">Paid</th>
                <th className="text-left font-normal">Refunded</th>
                <th className="text-left font-normal">Disputed</th>
              </tr>
            </thead>
            <tbody>
              {detail.totals.map((row) => (
                <tr key={row.currency} className="tabular-nums">
                  <td className="pr-2">{formatMoney(row.paid, row.currency)}</td>
                  <td className="pr-2">{formatMoney(row.refunded, row.currency)}</td>
                  <td>{formatMoney(row.disputed, row.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {detail.totals.length > 0 ? (
          <p className="mt-1 text-xs text-slate-500">
            {paymentCount(detail)} {paymentCount(detail) === 1 ? "payment" : "payments"} in{" "}
            {detail.totals.length} {detail.totals.length === 1 ? "currency" : "currencies"}
          </p>
        ) : null}
      </div>
      <div className="min-w-0">
        <h2 className="text-xs font-medium uppercase text-slate-500">Last email</h2>
        {detail.lastEmail ? (
          <p className="mt-1 text-sm">
            <Link
              href={`/emails/${detail.lastEmail.id}`}
              className="break-words text-indigo-700 underline dark:text-indigo-300"
            >
              {detail.lastEmail.templateName}
            </Link>{" "}
            <EmailStatusBadge status={detail.lastEmail.status} />
            <span className="block text-xs text-slate-500">{formatTime(detail.lastEmail.at)}</span>
          </p>
        ) : (
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">No email sent.</p>
        )}
      </div>
      <div className="min-w-0" data-testid="customer-suppression">
        <h2 className="text-xs font-medium uppercase text-slate-500">Email suppression</h2>
        {detail.suppressions.length === 0 ? (
          <p className="mt-1 text-sm text-emerald-700 dark:text-emerald-300">Not suppressed.</p>
        ) : (
          <ul className="mt-1 space-y-1 text-sm text-amber-900 dark:text-amber-200">
            {detail.suppressions.map((item) => (
              <li key={`${item.address}-${item.label}`} className="break-words">
                <span className="font-medium">Suppressed:</span> {item.label}{" "}
                <span className="break-all text-xs">
                  ({item.address}, since {formatTime(item.since)})
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
