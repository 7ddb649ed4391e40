import Link from "next/link";
import { formatDuration, utcParts } from "./format";
import { OutcomeBadge } from "./outcome-badge";

export interface ApiCallRowView {
  id: string;
  createdAt: string;
  provider: string;
  operation: string;
  method: string;
  path: string;
  status: number | null;
  durationMs: number;
  attempt: number;
  outcome: string;
  errorCode: string | null;
  correlationId: string | null;
  actorEmail: string | null;
}

export function ApiCallsTable({ rows, filtered }: { rows: ApiCallRowView[]; filtered: boolean }) {
  if (rows.length === 0) {
    return (
      <p className="p-6 text-sm text-slate-500" data-testid="api-calls-empty">
        {filtered
          ? "No API call matches these filters. Widen them, or clear them to see every call."
          : "No outbound call has been logged yet. Every call the console makes to a provider appears here, newest first."}
      </p>
    );
  }
  return (
    <table className="w-full table-fixed text-left text-sm" data-testid="api-calls-table">
      <colgroup>
        <col className="w-28" />
        <col className="w-44" />
        <col />
        <col className="w-40" />
        <col className="w-24" />
        <col className="w-56" />
      </colgroup>
      <thead className="text-xs uppercase text-slate-500">
        <tr>
          <th className="px-4 py-2">When (UTC)</th>
          <th className="px-4 py-2">Provider · operation</th>
          <th className="px-4 py-2">Request</th>
          <th className="px-4 py-2">Outcome</th>
          <th className="px-4 py-2 text-right">Duration</th>
          <th className="px-4 py-2">Correlation · caused by</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const when = utcParts(row.createdAt);
          return (
            <tr key={row.id} className="border-t border-slate-100 align-top dark:border-slate-800">
              <td className="whitespace-nowrap px-4 py-2 text-xs text-slate-500">
                <span className="block">{when.date}</span>
                <span className="block">{when.time}</span>
              </td>
              <td className="px-4 py-2">
                <span className="block truncate font-medium" title={row.provider}>
                  {row.provider}
                </span>
                <span
                  className="block truncate font-mono text-xs text-slate-600 dark:text-slate-400"
                  title={row.operation}
                >
                  {row.operation}
                </span>
              </td>
              <td className="px-4 py-2">
                <Link
                  href={`/api-calls/${row.id}`}
                  className="line-clamp-2 break-all font-mono text-xs text-indigo-700 hover:underline dark:text-indigo-300"
                  title={`${row.method} ${row.path}`}
                >
                  <span className="font-semibold">{row.method}</span> {row.path}
                </Link>
                {row.attempt > 1 ? (
                  <span className="text-xs text-slate-500">attempt {row.attempt}</span>
                ) : null}
              </td>
              <td className="px-4 py-2">
                <OutcomeBadge outcome={row.outcome} status={row.status} />
                {row.errorCode ? (
                  <span
                    className="mt-0.5 block truncate font-mono text-xs text-slate-500"
                    title={row.errorCode}
                  >
                    {row.errorCode}
                  </span>
                ) : null}
              </td>
              <td className="whitespace-nowrap px-4 py-2 text-right tabular-nums">
                {formatDuration(row.durationMs)}
              </td>
              <td className="px-4 py-2 text-xs">
                {row.correlationId ? (
                  <Link
                    href={`/api-calls?correlationId=${encodeURIComponent(row.correlationId)}`}
                    className="block truncate font-mono text-indigo-700 hover:underline dark:text-indigo-300"
                    title={`Every call of correlation ${row.correlationId}`}
                  >
                    {row.correlationId}
                  </Link>
                ) : (
                  <span className="block text-slate-400">no correlation id</span>
                )}
                {row.actorEmail ? (
                  <Link
                    href={`/api-calls?actor=${encodeURIComponent(row.actorEmail)}`}
                    className="block truncate text-slate-600 hover:underline dark:text-slate-400"
                    title={row.actorEmail}
                  >
                    {row.actorEmail}
                  </Link>
                ) : (
                  <span className="block text-slate-400">system</span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
