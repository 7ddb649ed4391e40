import Link from "next/link";
import { OUTCOME_LABELS } from "./outcome-badge";

const field =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950";

export interface ApiCallFilterValues {
  provider?: string;
  operation?: string;
  status?: string;
  minMs?: string;
  correlationId?: string;
  actor?: string;
}

/**
 * The explorer's filters as a plain GET form: every filter lives in the URL, so a filtered view
 * can be bookmarked, shared and reloaded, and works without JavaScript.
 */
export function ApiCallFilters({
  values,
  providers,
}: {
  values: ApiCallFilterValues;
  providers: { name: string; displayName: string }[];
}) {
  const known = new Set(providers.map((provider) => provider.name));
  return (
    <form
      method="get"
      action="/api-calls"
      role="search"
      aria-label="Filter API calls"
      className="grid gap-3 border-b border-slate-200 p-3 sm:grid-cols-3 lg:grid-cols-[1fr_1.2fr_1fr_0.8fr_1.4fr_1.4fr] dark:border-slate-800"
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
          {values.provider && !known.has(values.provider) ? (
            <option value={values.provider}>{values.provider}</option>
          ) : null}
        </select>
      </label>
      <label className="min-w-0 text-sm">
        <span className="block text-xs text-slate-500">Operation</span>
        <input
          name="operation"
          defaultValue={values.operation ?? ""}
          maxLength={200}
          placeholder="refunds.create"
          className={field}
        />
      </label>
      <label className="min-w-0 text-sm">
        <span className="block text-xs text-slate-500">Status</span>
        <input
          name="status"
          list="api-call-statuses"
          defaultValue={values.status ?? ""}
          maxLength={20}
          placeholder="429 or 5xx"
          className={field}
        />
        <datalist id="api-call-statuses">
          {Object.entries(OUTCOME_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
          <option value="4xx">Any 4xx</option>
          <option value="5xx">Any 5xx</option>
          <option value="429">429 Too Many Requests</option>
        </datalist>
      </label>
      <label className="min-w-0 text-sm">
        <span className="block text-xs text-slate-500">Slower than (ms)</span>
        <input
          name="minMs"
          type="number"
          min={0}
          step={1}
          defaultValue={values.minMs ?? ""}
          placeholder="1000"
          className={field}
        />
      </label>
      <label className="min-w-0 text-sm">
        <span className="block text-xs text-slate-500">Correlation id</span>
        <input
          name="correlationId"
          defaultValue={values.correlationId ?? ""}
          maxLength={200}
          className={field}
        />
      </label>
      <label className="min-w-0 text-sm">
        <span className="block text-xs text-slate-500">Caused by (email or user id)</span>
        <input
          name="actor"
          defaultValue={values.actor ?? ""}
          maxLength={320}
          placeholder="support@example.com"
          className={field}
        />
      </label>
      <div className="flex items-end gap-2 sm:col-span-3 lg:col-span-6">
        <button
          type="submit"
          className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500"
        >
          Filter
        </button>
        <Link
          href="/api-calls"
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          Clear
        </Link>
      </div>
    </form>
  );
}
