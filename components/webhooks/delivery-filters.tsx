import Link from "next/link";
import { DELIVERY_STATUS_LABELS } from "./status-badge";

const field =
  "mt-1 block w-full min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950";

export interface DeliveryFilterValues {
  provider?: string;
  eventType?: string;
  status?: string;
  from?: string;
  to?: string;
}

/**
 * The deliveries' filters as a plain GET form: every filter lives in the URL, so a filtered view
 * can be bookmarked and shared, and the bulk replay replays exactly what the page shows.
 */
export function DeliveryFilters({
  values,
  providers,
}: {
  values: DeliveryFilterValues;
  providers: { name: string; displayName: string }[];
}) {
  return (
    <form
      method="get"
      action="/webhooks"
      role="search"
      aria-label="Filter deliveries"
      className="grid gap-3 border-b border-slate-200 p-3 sm:grid-cols-2 lg:grid-cols-[1fr_1.3fr_1fr_1.6fr_1.6fr_auto] dark:border-slate-800"
    >
      <label className="min-w-0 text-sm">
        <span className="block text-xs text-slate-500">Provider</span>
        <select name="provider" defaultValue={values.provider ?? ""} className={field}>
          <option value="">Any</option>
          {providers.map((provider) => (
            <option key={provider.name} value={provider.name}>
              {provider.displayName}
            </option>
          ))}
        </select>
      </label>
      <label className="min-w-0 text-sm">
        <span className="block text-xs text-slate-500">Event type (exact)</span>
        <input
          name="eventType"
          type="search"
          defaultValue={values.eventType ?? ""}
          maxLength={200}
          placeholder="charge.refunded"
          className={field}
        />
      </label>
      <label className="min-w-0 text-sm">
        <span className="block text-xs text-slate-500">Status</span>
        <select name="status" defaultValue={values.status ?? ""} className={field}>
          <option value="">Any</option>
          {Object.entries(DELIVERY_STATUS_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className="min-w-0 text-sm">
        <span className="block text-xs text-slate-500">Received from (UTC)</span>
        <input
          name="from"
          type="datetime-local"
          defaultValue={values.from ?? ""}
          className={field}
        />
      </label>
      <label className="min-w-0 text-sm">
        <span className="block text-xs text-slate-500">Received before (UTC)</span>
        <input name="to" type="datetime-local" defaultValue={values.to ?? ""} className={field} />
      </label>
      <div className="flex items-end gap-2">
        <button
          type="submit"
          className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500"
        >
          Filter
        </button>
        <Link
          href="/webhooks"
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          Clear
        </Link>
      </div>
    </form>
  );
}
