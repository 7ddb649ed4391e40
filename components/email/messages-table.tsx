import Link from "next/link";
import { StatusBadge } from "./status-badge";

export interface MessageRow {
  id: string;
  createdAt: string;
  recipient: string;
  templateName: string;
  status: string;
  openCount: number;
  clickCount: number;
  lastError: string | null;
  failureReason: string | null;
  resendOfId: string | null;
  suppressed: boolean;
}

export function MessagesTable({ rows }: { rows: MessageRow[] }) {
  if (rows.length === 0) {
    return (
      <p className="p-6 text-sm text-slate-500" data-testid="emails-empty">
        No email matches these filters.
      </p>
    );
  }
  return (
    <div className="overflow-x-auto">
      <table className="w-full table-fixed text-left text-sm" data-testid="emails-table">
        <colgroup>
          <col className="w-28" />
          <col />
          <col className="w-48" />
          <col className="w-28" />
          <col className="w-24" />
          <col className="w-52" />
        </colgroup>
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th className="px-4 py-2">Created (UTC)</th>
            <th className="px-4 py-2">Recipient</th>
            <th className="px-4 py-2">Template</th>
            <th className="px-4 py-2">Status</th>
            <th className="px-4 py-2" title="Opens / clicks">
              Opens
            </th>
            <th className="px-4 py-2">Reason</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className="border-t border-slate-100 align-top dark:border-slate-800">
              <td className="whitespace-nowrap px-4 py-2 text-xs text-slate-500">
                <span className="block">{row.createdAt.slice(0, 10)}</span>
                <span className="block">{row.createdAt.slice(11, 19)}</span>
              </td>
              <td className="px-4 py-2">
                <Link
                  href={`/emails/${row.id}`}
                  className="break-all font-medium text-indigo-700 hover:underline dark:text-indigo-300"
                >
                  {row.recipient}
                </Link>
                {row.resendOfId || row.suppressed ? (
                  <div className="mt-0.5 flex gap-2 text-xs">
                    {row.resendOfId ? <span className="text-slate-500">Resend</span> : null}
                    {row.suppressed ? (
                      <span
                        className="text-amber-700 dark:text-amber-300"
                        title="Bounced, reported spam or unsubscribed"
                      >
                        Suppressed
                      </span>
                    ) : null}
                  </div>
                ) : null}
              </td>
              <td className="px-4 py-2">
                <span className="line-clamp-2 break-words" title={row.templateName}>
                  {row.templateName}
                </span>
              </td>
              <td className="px-4 py-2">
                <StatusBadge status={row.status} />
              </td>
              <td className="px-4 py-2 text-slate-600 dark:text-slate-400" title="Opens / clicks">
                {row.openCount}
                {row.clickCount > 0
                  ? ` · ${row.clickCount} click${row.clickCount === 1 ? "" : "s"}`
                  : ""}
              </td>
              <td className="px-4 py-2 text-xs text-slate-600 dark:text-slate-400">
                <span
                  className="line-clamp-2 break-words"
                  title={row.failureReason ?? row.lastError ?? ""}
                >
                  {row.failureReason ?? row.lastError ?? ""}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
