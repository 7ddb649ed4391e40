"use client";

import { timelineKinds, type TimelineKind } from "@/lib/customers/views";

export const KIND_LABEL: Record<TimelineKind, string> = {
  payment: "Payments",
  refund: "Refunds",
  dispute: "Disputes",
  email: "Emails",
  email_event: "Delivery events",
  suppression: "Suppressions",
  staff: "Staff actions",
};

export interface TimelineFilter {
  kinds: TimelineKind[];
  from: string;
  to: string;
}

export const NO_FILTER: TimelineFilter = { kinds: [], from: "", to: "" };

/** The filter as the timeline API and the address bar take it. */
export function filterParams(filter: TimelineFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.kinds.length > 0) params.set("kinds", filter.kinds.join(","));
  if (filter.from) params.set("from", filter.from);
  if (filter.to) params.set("to", filter.to);
  return params;
}

/** Which kinds of entry to show (none ticked: all) and between which days. */
export function TimelineFilters({
  filter,
  onChange,
}: {
  filter: TimelineFilter;
  onChange: (filter: TimelineFilter) => void;
}) {
  const toggle = (kind: TimelineKind, on: boolean) =>
    onChange({
      ...filter,
      kinds: on
        ? timelineKinds.filter((item) => item === kind || filter.kinds.includes(item))
        : filter.kinds.filter((item) => item !== kind),
    });
  return (
    <fieldset className="flex flex-wrap items-end gap-x-4 gap-y-2 text-sm">
      <legend className="sr-only">Filter the timeline</legend>
      <div className="flex flex-wrap gap-x-3 gap-y-1">
        {timelineKinds.map((kind) => (
          <label key={kind} className="flex items-center gap-1.5">
            <input
              type="checkbox"
              checked={filter.kinds.includes(kind)}
              onChange={(event) => toggle(kind, event.target.checked)}
            />
            {KIND_LABEL[kind]}
          </label>
        ))}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <label className="flex items-center gap-1.5">
          From
          <input
            type="date"
            value={filter.from}
            onChange={(event) => onChange({ ...filter, from: event.target.value })}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
          />
        </label>
        <label className="flex items-center gap-1.5">
          To
          <input
            type="date"
            value={filter.to}
            onChange={(event) => onChange({ ...filter, to: event.target.value })}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
          />
        </label>
      </div>
      {filter.kinds.length > 0 || filter.from || filter.to ? (
        <button
          type="button"
          onClick={() => onChange(NO_FILTER)}
          className="text-indigo-700 underline dark:text-indigo-300"
        >
          Show everything
        </button>
      ) : null}
    </fieldset>
  );
}
