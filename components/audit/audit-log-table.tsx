import type { AuditEntryView } from "@/lib/audit/queries";
import { DetailFields } from "./detail-fields";

const OUTCOME_STYLE = {
  SUCCESS: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  FAILURE: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  DENIED: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200",
} as const;

const OUTCOME_LABEL = { SUCCESS: "Success", FAILURE: "Failure", DENIED: "Denied" } as const;

const integer = new Intl.NumberFormat("en-US");

function Utc({ iso, prefix = "" }: { iso: string; prefix?: string }) {
  return (
    <span className="block whitespace-nowrap">
      {prefix}
      {iso.slice(0, 10)}
      <br />
      {prefix ? <span className="invisible">{prefix}</span> : null}
      {iso.slice(11, 19)}
    </span>
  );
}

export function AuditLogTable({
  entries,
  filtered,
}: {
  entries: AuditEntryView[];
  filtered: boolean;
}) {
  if (entries.length === 0) {
    return (
      <p className="p-6 text-sm text-slate-500" data-testid="audit-empty">
        {filtered
          ? "No entry matches these filters. Widen the dates or clear the filters."
          : "The audit log is empty. Sign-ins, denied requests and every change made in the console appear here."}
      </p>
    );
  }
  return (
    <table className="w-full table-fixed text-left text-sm" data-testid="audit-table">
      <colgroup>
        <col className="w-32" />
        <col className="w-56" />
        <col className="w-56" />
        <col />
      </colgroup>
      <thead className="text-xs uppercase text-slate-500">
        <tr>
          <th className="px-4 py-2">When (UTC)</th>
          <th className="px-4 py-2">Action · outcome</th>
          <th className="px-4 py-2">Who · from</th>
          <th className="px-4 py-2">Details</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr
            key={entry.id}
            className="border-t border-slate-100 align-top dark:border-slate-800"
            data-testid="audit-row"
          >
            <td className="px-4 py-2 text-xs text-slate-500">
              <Utc iso={entry.createdAt} />
              {entry.count > 1 && entry.lastSeenAt ? (
                <span className="mt-1 block">
                  <Utc iso={entry.lastSeenAt} prefix="to " />
                </span>
              ) : null}
            </td>
            <td className="px-4 py-2">
              <span className="block break-all font-mono text-xs">{entry.action}</span>
              <span className="mt-1 flex flex-wrap items-center gap-1">
                <span
                  className={`rounded px-2 py-0.5 text-xs font-medium ${OUTCOME_STYLE[entry.outcome]}`}
                >
                  {OUTCOME_LABEL[entry.outcome]}
                </span>
                {entry.count > 1 ? (
                  <span
                    className="rounded bg-slate-200 px-2 py-0.5 text-xs font-semibold text-slate-800 dark:bg-slate-700 dark:text-slate-100"
                    title="Repeated events from one address, folded into one row"
                    data-testid="audit-count"
                  >
                    × {integer.format(entry.count)} times
                  </span>
                ) : null}
              </span>
              {entry.target ? (
                <span className="mt-1 block break-all font-mono text-xs text-slate-500">
                  {entry.target}
                </span>
              ) : null}
            </td>
            <td className="px-4 py-2">
              <span className="block break-all">
                {entry.actorEmail ?? <span className="text-slate-400">anonymous</span>}
              </span>
              {entry.ip ? (
                <span className="block break-all font-mono text-xs text-slate-500">{entry.ip}</span>
              ) : null}
            </td>
            <td className="px-4 py-2">
              <DetailFields details={entry.details} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
