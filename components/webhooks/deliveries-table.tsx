import Link from "next/link";
import { EventTypeText } from "./event-type";
import { DeliveryStatusBadge } from "./status-badge";

export interface DeliveryTableRow {
  id: string;
  provider: string;
  providerName: string;
  eventId: string | null;
  eventType: string | null;
  status: string;
  attempts: number;
  problem: string | null;
  receivedAt: string;
  repeats: number;
}

export function DeliveriesTable({
  rows,
  filtered,
}: {
  rows: DeliveryTableRow[];
  filtered: boolean;
}) {
  if (rows.length === 0) {
    return (
      <p className="p-6 text-sm text-slate-600 dark:text-slate-400" data-testid="deliveries-empty">
        {filtered
          ? "No delivery matches these filters. Widen the time range or clear a filter."
          : "No webhook has been received yet. Deliveries appear here as soon as a provider sends one to /api/webhooks/<provider>."}
      </p>
    );
  }
  return (
    <div className="overflow-x-auto">
      <table className="w-full table-fixed text-left text-sm" data-testid="deliveries-table">
        <colgroup>
          <col className="w-28" />
          <col className="w-40" />
          <col />
          <col className="w-36" />
          <col className="w-24" />
          <col className="w-[28%]" />
        </colgroup>
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th className="px-4 py-2">Received (UTC)</th>
            <th className="px-4 py-2">Provider</th>
            <th className="px-4 py-2">Event</th>
            <th className="px-4 py-2">Status</th>
            <th className="px-4 py-2 text-right">Attempts</th>
            <th className="px-4 py-2">Error or reason</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={row.id}
              data-testid="delivery-row"
              className="border-t border-slate-100 align-top dark:border-slate-800"
            >
              <td className="whitespace-nowrap px-4 py-2 text-xs text-slate-500">
                <span className="block">{row.receivedAt.slice(0, 10)}</span>
                <span className="block">{row.receivedAt.slice(11, 19)}</span>
              </td>
              <td className="px-4 py-2">
                <span className="line-clamp-2 break-words" title={row.provider}>
                  {row.providerName}
                </span>
              </td>
              <td className="min-w-0 px-4 py-2">
                <Link
                  href={`/webhooks/${row.id}`}
                  className="line-clamp-2 break-words font-medium text-indigo-700 hover:underline dark:text-indigo-300"
                  title={row.eventType ?? undefined}
                >
                  {row.eventType ? <EventTypeText type={row.eventType} /> : "(unverified delivery)"}
                </Link>
                <span
                  className="block truncate font-mono text-xs text-slate-500"
                  title={row.eventId ?? undefined}
                >
                  {row.eventId ?? "no event id"}
                </span>
              </td>
              <td className="px-4 py-2">
                <DeliveryStatusBadge status={row.status} />
                {row.repeats > 0 ? (
                  <span className="mt-1 block text-xs text-slate-500">
                    +{row.repeats.toLocaleString("en")} more like it
                  </span>
                ) : null}
              </td>
              <td className="px-4 py-2 text-right tabular-nums">
                {row.attempts.toLocaleString("en")}
              </td>
              <td className="min-w-0 px-4 py-2 text-xs text-slate-700 dark:text-slate-300">
                <span className="line-clamp-3 break-words" title={row.problem ?? undefined}>
                  {row.problem ?? "—"}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
