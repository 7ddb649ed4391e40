import Link from "next/link";
import { STATUS_LABELS } from "./status-badge";

const field =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950";

export interface FilterValues {
  status?: string;
  template?: string;
  from?: string;
  to?: string;
  q?: string;
  bulk?: string;
}

/**
 * The email log's filters as a plain GET form: every filter lives in the URL, so a filtered view
 * can be bookmarked, shared and reloaded, and works without JavaScript.
 */
export function MessageFilters({
  values,
  templates,
  exportHref,
}: {
  values: FilterValues;
  templates: { id: string; name: string }[];
  exportHref: string;
}) {
  return (
    <form
      method="get"
      action="/emails"
      role="search"
      className="grid gap-3 border-b border-slate-200 p-3 sm:grid-cols-2 lg:grid-cols-[2fr_1fr_1.5fr_1fr_1fr_auto] dark:border-slate-800"
    >
      <label className="text-sm">
        <span className="block text-xs text-slate-500">Recipient or message id</span>
        <input
          name="q"
          type="search"
          defaultValue={values.q ?? ""}
          maxLength={320}
          placeholder="customer@example.com"
          className={field}
        />
      </label>
      <label className="text-sm">
        <span className="block text-xs text-slate-500">Status</span>
        <select name="status" defaultValue={values.status ?? ""} className={field}>
          <option value="">Any</option>
          {Object.entries(STATUS_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className="min-w-0 text-sm">
        <span className="block text-xs text-slate-500">Template</span>
        <select
          name="template"
          defaultValue={values.template ?? ""}
          className={`${field} truncate`}
        >
          <option value="">Any</option>
          {templates.map((template) => (
            <option key={template.id} value={template.id}>
              {template.name}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm">
        <span className="block text-xs text-slate-500">From</span>
        <input name="from" type="date" defaultValue={values.from ?? ""} className={field} />
      </label>
      <label className="text-sm">
        <span className="block text-xs text-slate-500">To</span>
        <input name="to" type="date" defaultValue={values.to ?? ""} className={field} />
      </label>
      {values.bulk ? <input type="hidden" name="bulk" value={values.bulk} /> : null}
      <div className="flex items-end gap-2">
        <button
          type="submit"
          className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500"
        >
          Filter
        </button>
        <Link
          href="/emails"
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
