import type { PaymentDetailData } from "./schemas";

const KIND: Record<
  PaymentDetailData["timeline"][number]["kind"],
  { label: string; style: string }
> = {
  payment: {
    label: "Payment",
    style: "bg-indigo-100 text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200",
  },
  webhook: { label: "Webhook", style: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-200" },
  api_call: {
    label: "API call",
    style: "bg-slate-200 text-slate-800 dark:bg-slate-800 dark:text-slate-200",
  },
  refund: {
    label: "Refund",
    style: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  },
  email: {
    label: "Email",
    style: "bg-teal-100 text-teal-800 dark:bg-teal-950 dark:text-teal-200",
  },
  dispute: {
    label: "Dispute",
    style: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  },
  audit: {
    label: "Audit",
    style: "bg-violet-100 text-violet-800 dark:bg-violet-950 dark:text-violet-200",
  },
};

/** Everything that happened to the payment, newest first, each entry linked to its record. */
export function Timeline({ entries }: { entries: PaymentDetailData["timeline"] }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <h2 className="border-b border-slate-200 px-5 py-3 font-semibold dark:border-slate-800">
        Timeline
      </h2>
      <ol className="divide-y divide-slate-100 dark:divide-slate-800" data-testid="timeline">
        {entries.map((entry) => (
          <li
            key={entry.key}
            id={entry.key}
            className="flex flex-wrap items-baseline gap-x-3 gap-y-1 px-5 py-2 text-sm"
            data-testid="timeline-entry"
            data-kind={entry.kind}
          >
            <time dateTime={entry.at} className="w-44 shrink-0 text-xs text-slate-500">
              {new Date(entry.at).toLocaleString()}
            </time>
            <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${KIND[entry.kind].style}`}>
              {KIND[entry.kind].label}
            </span>
            {entry.href ? (
              <a
                href={entry.href}
                className="min-w-0 break-words font-medium text-indigo-700 hover:underline dark:text-indigo-300"
              >
                {entry.title}
              </a>
            ) : (
              <span className="font-medium">{entry.title}</span>
            )}
            {entry.detail ? (
              <span className="min-w-0 break-all text-xs text-slate-500">{entry.detail}</span>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
