"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { z } from "zod";
import { Notice } from "@/components/ui/notice";

const entrySchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  action: z.string(),
  outcome: z.enum(["SUCCESS", "FAILURE", "DENIED"]),
  actorEmail: z.string().nullable(),
  target: z.string().nullable(),
  ip: z.string().nullable(),
  details: z.unknown(),
});
const responseSchema = z.object({
  success: z.literal(true),
  data: z.object({ entries: z.array(entrySchema), nextBefore: z.string().nullable() }),
});
const errorSchema = z.object({ error: z.object({ message: z.string() }) });

async function fetchPage(filters: { action: string; outcome: string }, before: string | null) {
  const params = new URLSearchParams({ limit: "50" });
  if (filters.action) params.set("action", filters.action);
  if (filters.outcome) params.set("outcome", filters.outcome);
  if (before) params.set("before", before);
  const response = await fetch(`/api/audit-log?${params}`);
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const parsed = errorSchema.safeParse(json);
    throw new Error(
      parsed.success
        ? parsed.data.error.message
        : `The audit log could not be loaded (HTTP ${response.status}).`,
    );
  }
  return responseSchema.parse(json).data;
}

const OUTCOME_STYLE = {
  SUCCESS: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  FAILURE: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  DENIED: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200",
} as const;

export function AuditLogTable() {
  const [filters, setFilters] = useState({ action: "", outcome: "" });
  const query = useInfiniteQuery({
    queryKey: ["audit-log", filters],
    queryFn: ({ pageParam }) => fetchPage(filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextBefore,
    refetchInterval: 10_000,
  });
  const entries = query.data?.pages.flatMap((page) => page.entries) ?? [];

  return (
    <section className="rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <div className="flex flex-wrap items-end gap-3 border-b border-slate-200 p-3 dark:border-slate-800">
        <label className="text-sm">
          <span className="block text-xs text-slate-500">Action starts with</span>
          <input
            value={filters.action}
            maxLength={100}
            onChange={(event) =>
              setFilters((current) => ({ ...current, action: event.target.value }))
            }
            placeholder="e.g. auth. or user."
            className="mt-1 rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-950"
          />
        </label>
        <label className="text-sm">
          <span className="block text-xs text-slate-500">Outcome</span>
          <select
            value={filters.outcome}
            onChange={(event) =>
              setFilters((current) => ({ ...current, outcome: event.target.value }))
            }
            className="mt-1 rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-950"
          >
            <option value="">Any</option>
            <option value="SUCCESS">Success</option>
            <option value="FAILURE">Failure</option>
            <option value="DENIED">Denied</option>
          </select>
        </label>
        {query.isFetching ? (
          <span className="text-xs text-slate-500" role="status">
            Refreshing…
          </span>
        ) : null}
      </div>
      {query.isError ? (
        <Notice ok={false} className="m-3">
          {query.error.message}
        </Notice>
      ) : null}
      {query.isPending ? (
        <p className="p-6 text-sm text-slate-500" role="status">
          Loading the audit log…
        </p>
      ) : entries.length === 0 ? (
        <p className="p-6 text-sm text-slate-500">No entries match these filters.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="audit-table">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th className="px-4 py-2">When</th>
                <th className="px-4 py-2">Action</th>
                <th className="px-4 py-2">Outcome</th>
                <th className="px-4 py-2">Who</th>
                <th className="px-4 py-2">Target</th>
                <th className="px-4 py-2">Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr
                  key={entry.id}
                  className="border-t border-slate-100 align-top dark:border-slate-800"
                >
                  <td className="whitespace-nowrap px-4 py-2 text-slate-500">
                    {new Date(entry.createdAt).toLocaleString()}
                  </td>
                  <td className="px-4 py-2 font-mono text-xs">{entry.action}</td>
                  <td className="px-4 py-2">
                    <span
                      className={`rounded px-2 py-0.5 text-xs font-medium ${OUTCOME_STYLE[entry.outcome]}`}
                    >
                      {entry.outcome}
                    </span>
                  </td>
                  <td className="px-4 py-2">
                    {entry.actorEmail ?? <span className="text-slate-400">anonymous</span>}
                    {entry.ip ? <div className="text-xs text-slate-500">{entry.ip}</div> : null}
                  </td>
                  <td className="px-4 py-2 font-mono text-xs">{entry.target ?? ""}</td>
                  <td className="max-w-md px-4 py-2 font-mono text-xs text-slate-600 dark:text-slate-400">
                    <code className="break-all">{JSON.stringify(entry.details)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {query.hasNextPage ? (
        <div className="border-t border-slate-200 p-3 text-center dark:border-slate-800">
          <button
            type="button"
            onClick={() => query.fetchNextPage()}
            disabled={query.isFetchingNextPage}
            className="rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800"
          >
            {query.isFetchingNextPage ? "Loading…" : "Load older entries"}
          </button>
        </div>
      ) : null}
    </section>
  );
}
