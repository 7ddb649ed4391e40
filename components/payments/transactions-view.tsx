"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState, useTransition } from "react";
import { recoverMissedEventsAction } from "@/app/(console)/transactions/actions";
import { inputClass } from "@/components/ui/form";
import { Notice } from "@/components/ui/notice";
import { formatMoney } from "@/lib/payments/money";
import {
  getJson,
  TRANSACTION_STATUSES,
  transactionPageSchema,
  type TransactionPage,
} from "./schemas";
import { STATUS_LABEL, StatusBadge } from "./status-badge";

const FILTER_KEYS = ["q", "status", "currency", "from", "to", "min", "max"] as const;

function cleanQuery(params: URLSearchParams, drop: string[] = []): string {
  const out = new URLSearchParams();
  for (const [key, value] of params) if (value !== "" && !drop.includes(key)) out.set(key, value);
  return out.toString();
}

const dateTime = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

/**
 * The list lives in the URL: filters, search and the page cursor are query parameters, so a link
 * shows a colleague the same rows. TanStack Query keeps the rows fresh while the page is open.
 */
export function TransactionsView({
  initialQuery,
  initialPage,
  initialError,
  canRecover,
}: {
  initialQuery: string;
  initialPage: TransactionPage | null;
  initialError: string | null;
  canRecover: boolean;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const query = cleanQuery(new URLSearchParams(searchParams.toString()));
  const { data, error, isFetching } = useQuery({
    queryKey: ["transactions", query],
    queryFn: () => getJson(`/api/transactions?${query}`, transactionPageSchema),
    initialData: query === initialQuery && initialPage ? initialPage : undefined,
    refetchInterval: 15_000,
    retry: false,
  });
  const problem =
    error instanceof Error ? error.message : query === initialQuery ? initialError : null;
  const filterQuery = cleanQuery(new URLSearchParams(query), ["cursor"]);

  function apply(form: FormData) {
    const params = new URLSearchParams();
    for (const key of FILTER_KEYS) {
      const value = form.get(key);
      if (typeof value === "string" && value.trim() !== "") params.set(key, value.trim());
    }
    router.push(`${pathname}?${params.toString()}`);
  }

  return (
    <div className="space-y-4">
      <form
        key={filterQuery}
        action={apply}
        role="search"
        className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4 dark:border-slate-800 dark:bg-slate-900"
      >
        <div className="sm:col-span-2">
          <label htmlFor="q" className="block text-sm font-medium">
            Search
          </label>
          <input
            id="q"
            name="q"
            defaultValue={searchParams.get("q") ?? ""}
            placeholder="Email, last four, ch_…, pi_…, re_… or cus_…"
            maxLength={254}
            className={inputClass}
          />
        </div>
        <div>
          <label htmlFor="status" className="block text-sm font-medium">
            Status
          </label>
          <select
            id="status"
            name="status"
            defaultValue={searchParams.get("status") ?? ""}
            className={inputClass}
          >
            <option value="">Any</option>
            {TRANSACTION_STATUSES.map((status) => (
              <option key={status} value={status}>
                {STATUS_LABEL[status]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="currency" className="block text-sm font-medium">
            Currency
          </label>
          <input
            id="currency"
            name="currency"
            defaultValue={searchParams.get("currency") ?? ""}
            placeholder="usd, jpy…"
            maxLength={3}
            className={inputClass}
          />
        </div>
        <div>
          <label htmlFor="from" className="block text-sm font-medium">
            From (UTC)
          </label>
          <input
            id="from"
            name="from"
            type="date"
            defaultValue={searchParams.get("from") ?? ""}
            className={inputClass}
          />
        </div>
        <div>
          <label htmlFor="to" className="block text-sm font-medium">
            To (UTC)
          </label>
          <input
            id="to"
            name="to"
            type="date"
            defaultValue={searchParams.get("to") ?? ""}
            className={inputClass}
          />
        </div>
        <div>
          <label htmlFor="min" className="block text-sm font-medium">
            Amount from
          </label>
          <input
            id="min"
            name="min"
            inputMode="decimal"
            defaultValue={searchParams.get("min") ?? ""}
            placeholder="10.00"
            maxLength={20}
            className={inputClass}
          />
        </div>
        <div>
          <label htmlFor="max" className="block text-sm font-medium">
            Amount to
          </label>
          <input
            id="max"
            name="max"
            inputMode="decimal"
            defaultValue={searchParams.get("max") ?? ""}
            placeholder="500.00"
            maxLength={20}
            className={inputClass}
          />
        </div>
        <div className="flex flex-wrap items-end gap-2 sm:col-span-2 lg:col-span-4">
          <button
            type="submit"
            className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500"
          >
            Apply
          </button>
          <Link
            href={pathname}
            className="rounded-md border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
          >
            Clear
          </Link>
          <a
            href={`/api/transactions/export?${filterQuery}`}
            className="rounded-md border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
            data-testid="export-csv"
          >
            Export CSV
          </a>
          {canRecover ? <RecoverEvents /> : null}
          <span className="ml-auto text-xs text-slate-500" aria-live="polite">
            {isFetching
              ? "Refreshing…"
              : "Amounts are in each payment's own currency; dates in UTC."}
          </span>
        </div>
      </form>
      {problem ? <Notice ok={false}>{problem}</Notice> : null}
      <section className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <table className="w-full table-fixed text-left text-sm" data-testid="transactions-table">
          <thead className="border-b border-slate-200 text-xs uppercase text-slate-500 dark:border-slate-800">
            <tr>
              <th className="w-36 px-4 py-3">Date</th>
              <th className="px-4 py-3">Customer</th>
              <th className="w-36 px-4 py-3 text-right">Amount</th>
              <th className="w-40 px-4 py-3">Status</th>
              <th className="w-44 px-4 py-3">Card</th>
              <th className="w-52 px-4 py-3">Charge</th>
            </tr>
          </thead>
          <tbody>
            {data?.rows.map((row) => (
              <tr
                key={row.id}
                className="border-t border-slate-100 align-top dark:border-slate-800"
                data-testid="transaction-row"
              >
                <td className="px-4 py-3 text-slate-600 dark:text-slate-400">
                  {dateTime.format(new Date(row.createdAt))}
                </td>
                <td className="px-4 py-3">
                  <div className="truncate" title={row.customerEmail ?? undefined}>
                    {row.customerEmail ?? <span className="text-slate-400">No email</span>}
                  </div>
                  {row.description ? (
                    <div className="truncate text-xs text-slate-500" title={row.description}>
                      {row.description}
                    </div>
                  ) : null}
                </td>
                <td className="px-4 py-3 text-right tabular-nums" data-testid="transaction-amount">
                  {formatMoney(row.amount, row.currency)}
                  {row.amountRefunded > 0 ? (
                    <div className="text-xs text-slate-500">
                      −{formatMoney(row.amountRefunded, row.currency)} refunded
                    </div>
                  ) : null}
                </td>
                <td className="px-4 py-3">
                  <StatusBadge status={row.status} />
                </td>
                <td className="truncate px-4 py-3">
                  {row.cardLast4 ? `${row.cardBrand ?? "card"} ····${row.cardLast4}` : "—"}
                </td>
                <td className="px-4 py-3">
                  <Link
                    href={`/transactions/${row.chargeId}`}
                    className="block truncate font-mono text-xs text-indigo-700 hover:underline dark:text-indigo-300"
                    title={row.chargeId}
                  >
                    {row.chargeId}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {data && data.rows.length === 0 ? (
          <p
            className="px-4 py-8 text-center text-sm text-slate-500"
            data-testid="transactions-empty"
          >
            {filterQuery
              ? "No payments match these filters."
              : "No payments yet. They appear here as Stripe reports them."}
          </p>
        ) : null}
      </section>
      <nav aria-label="Pages" className="flex gap-2">
        {searchParams.get("cursor") ? (
          <Link
            href={`${pathname}?${filterQuery}`}
            className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
          >
            ← Newest
          </Link>
        ) : null}
        {data?.next ? (
          <Link
            href={`${pathname}?${cleanQuery(new URLSearchParams(`${filterQuery}&cursor=${encodeURIComponent(data.next)}`))}`}
            className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
          >
            Older →
          </Link>
        ) : null}
      </nav>
    </div>
  );
}

function RecoverEvents() {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <span className="flex items-center gap-2">
      <button
        type="button"
        disabled={pending}
        title="Ask Stripe for recent events and process any the console never received"
        onClick={() =>
          startTransition(async () => {
            const result = await recoverMissedEventsAction();
            setMessage(
              result.ok
                ? {
                    ok: true,
                    text: `Checked ${result.data.examined} events; ${result.data.stored} were missing and are being processed.`,
                  }
                : { ok: false, text: result.message },
            );
          })
        }
        className="rounded-md border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-100 disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800"
      >
        {pending ? "Checking…" : "Fetch missed events"}
      </button>
      {message ? (
        <span
          role={message.ok ? "status" : "alert"}
          className={`text-xs ${message.ok ? "text-emerald-700 dark:text-emerald-300" : "text-red-700 dark:text-red-400"}`}
        >
          {message.text}
        </span>
      ) : null}
    </span>
  );
}
