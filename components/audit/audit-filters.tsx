import Link from "next/link";

const field =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950";

export interface AuditFilterValues {
  actor?: string;
  action?: string;
  outcome?: string;
  from?: string;
  to?: string;
}

/**
 * The audit log's filters as a plain GET form: every filter lives in the URL, so a filtered view
 * can be bookmarked, shared and reloaded, and the export takes exactly the same filters.
 */
export function AuditFilters({
  values,
  exportHref,
}: {
  values: AuditFilterValues;
  exportHref: string;
}) {
  return (
    <form
      method="get"
      action="/audit"
      role="search"
      aria-label="Filter the audit log"
      className="grid gap-3 border-b border-slate-200 p-3 sm:grid-cols-3 lg:grid-cols-[1.6fr_1.2fr_1fr_1fr_1fr_auto] dark:border-slate-800"
    >
      <label className="min-w-0 text-sm">
        <span className="block text-xs text-slate-500">Who (part of an email, or a user id)</span>
        <input
          name="actor"
          type="search"
          defaultValue={values.actor ?? ""}
          maxLength={320}
          placeholder="alice@"
          className={field}
        />
      </label>
      <label className="min-w-0 text-sm">
        <span className="block text-xs text-slate-500">Action starts with</span>
        <input
          name="action"
          defaultValue={values.action ?? ""}
          maxLength={100}
          placeholder="auth. or user."
          className={field}
        />
      </label>
      <label className="min-w-0 text-sm">
        <span className="block text-xs text-slate-500">Outcome</span>
        <select name="outcome" defaultValue={values.outcome ?? ""} className={field}>
          <option value="">Any</option>
          <option value="SUCCESS">Success</option>
          <option value="FAILURE">Failure</option>
          <option value="DENIED">Denied</option>
        </select>
      </label>
      <label className="min-w-0 text-sm">
        <span className="block text-xs text-slate-500">From (UTC)</span>
        <input name="from" type="date" defaultValue={values.from ?? ""} className={field} />
      </label>
      <label className="min-w-0 text-sm">
        <span className="block text-xs text-slate-500">To (UTC)</span>
        <input name="to" type="date" defaultValue={values.to ?? ""} className={field} />
      </label>
      <div className="flex items-end gap-2">
        <button
          type="submit"
          className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500"
        >
          Filter
        </button>
        <Link
          href="/audit"
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          Clear
        </Link>
        <a
          href={exportHref}
          className="whitespace-nowrap rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          Export CSV
        </a>
      </div>
    </form>
  );
}
