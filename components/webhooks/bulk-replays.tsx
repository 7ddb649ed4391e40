"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { formatTime } from "@/components/email/format";
import { Notice } from "@/components/ui/notice";
import { bulkReplaySchema, callApi, type BulkReplay } from "./api";
import { ReplayProgressBar } from "./progress-bar";
import { DELIVERY_STATUS_LABELS } from "./status-badge";

const QUERY_KEY = ["webhook-replays"];

function describeFilter(filter: BulkReplay["filter"]): string {
  const label = (key: string, value: string) =>
    key === "from" || key === "to"
      ? formatTime(value)
      : key === "status"
        ? (DELIVERY_STATUS_LABELS[value]?.toLowerCase() ?? value)
        : value;
  const names: Record<string, string> = {
    provider: "provider",
    eventType: "type",
    status: "status",
    eventId: "event",
    from: "received from",
    to: "received before",
  };
  const parts = Object.entries(filter).flatMap(([key, value]) =>
    value ? [`${names[key] ?? key} ${label(key, value)}`] : [],
  );
  return parts.length > 0 ? parts.join(", ") : "all failed and dead-lettered deliveries";
}

const ENDED_LABEL: Record<string, string> = {
  FINISHED: "Replayed",
  FAILED: "Stopped by an error",
  CANCELLED: "Cancelled",
};

function ReplayProgress({ replay, canCancel }: { replay: BulkReplay; canCancel: boolean }) {
  const client = useQueryClient();
  const running = replay.status === "QUEUED" || replay.status === "RUNNING";
  const cancel = useMutation({
    mutationFn: () =>
      callApi(`/api/webhook-deliveries/replays/${replay.id}`, bulkReplaySchema, {
        method: "DELETE",
      }),
    onSettled: () => client.invalidateQueries({ queryKey: QUERY_KEY }),
  });
  return (
    <li className="space-y-2 py-3" data-testid="bulk-replay" data-status={replay.status}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <p className="min-w-0 text-sm">
          <span className="font-medium">
            {running ? "Replaying" : (ENDED_LABEL[replay.status] ?? "Stopped")}
          </span>{" "}
          <span className="break-words text-slate-600 dark:text-slate-400">
            {describeFilter(replay.filter)}
          </span>{" "}
          <span className="text-xs text-slate-500">
            · started {formatTime(replay.createdAt)} by{" "}
            <span className="break-all">{replay.requestedBy}</span>
            {replay.cancelledBy ? (
              <>
                {" "}
                · cancelled by <span className="break-all">{replay.cancelledBy}</span>
              </>
            ) : null}
          </span>
        </p>
        {canCancel && running ? (
          <button
            type="button"
            onClick={() => {
              if (
                window.confirm(
                  "Cancel this replay? Deliveries it has handled stay as they are; the rest are left for a later replay.",
                )
              )
                cancel.mutate();
            }}
            disabled={cancel.isPending}
            className="rounded-md border border-slate-300 px-3 py-1 text-sm font-medium hover:bg-slate-50 disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800"
          >
            {cancel.isPending ? "Cancelling…" : "Cancel replay"}
          </button>
        ) : null}
      </div>
      {cancel.isError ? <Notice ok={false}>{cancel.error.message}</Notice> : null}
      <ReplayProgressBar done={replay.done} total={replay.total} />
      <p className="text-xs text-slate-600 dark:text-slate-400" data-testid="bulk-replay-counts">
        {replay.replayed.toLocaleString("en")} applied · {replay.skipped.toLocaleString("en")}{" "}
        already processed (nothing done again) · {replay.failed.toLocaleString("en")} failed again
        {replay.finishedAt
          ? ` · ${replay.status === "CANCELLED" ? "cancelled" : "finished"} ${formatTime(replay.finishedAt)}`
          : ""}
      </p>
      {replay.lastError ? (
        <p className="break-words text-xs text-red-700 dark:text-red-300">
          Last error: {replay.lastError}
        </p>
      ) : null}
    </li>
  );
}

/**
 * Bulk replays with live progress (polled every second while one runs), and for admins the button
 * that replays everything the current filter matches.
 */
export function BulkReplays({
  initial,
  canReplay,
  replayable,
  filter,
  filterLabel,
}: {
  initial: BulkReplay[];
  canReplay: boolean;
  /** False when the filter's status is one that is never replayed (processed, rejected). */
  replayable: boolean;
  filter: Record<string, string>;
  filterLabel: string;
}) {
  const client = useQueryClient();
  const replays = useQuery({
    queryKey: QUERY_KEY,
    queryFn: () => callApi("/api/webhook-deliveries/replays", z.array(bulkReplaySchema)),
    initialData: initial,
    refetchInterval: (query) =>
      query.state.data?.some((item) => item.status === "QUEUED" || item.status === "RUNNING")
        ? 1_000
        : false,
  });
  const start = useMutation({
    mutationFn: () =>
      callApi("/api/webhook-deliveries/replays", bulkReplaySchema, {
        method: "POST",
        body: { filter },
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: QUERY_KEY }),
  });
  const list = replays.data;
  if (!canReplay && list.length === 0) return null;
  return (
    <section
      aria-label="Bulk replays"
      className="mb-6 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 max-w-3xl">
          <h2 className="font-semibold">Bulk replay</h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            {replayable
              ? `Processes again ${filterLabel}, paced under each provider's configured rate limit. Deliveries processed meanwhile are skipped, so nothing happens twice.`
              : "Processed deliveries are never replayed (their effect happened once) and rejected ones are never processed: choose another status to replay."}
          </p>
        </div>
        {canReplay && replayable ? (
          <button
            type="button"
            onClick={() => {
              if (window.confirm(`Replay ${filterLabel}?`)) start.mutate();
            }}
            disabled={start.isPending}
            className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60"
          >
            {start.isPending ? "Starting…" : "Replay all matching"}
          </button>
        ) : null}
      </div>
      {start.isError ? (
        <Notice ok={false} className="mt-3">
          {start.error.message}
        </Notice>
      ) : null}
      {list.length > 0 ? (
        <ul className="mt-2 divide-y divide-slate-100 dark:divide-slate-800">
          {list.map((replay) => (
            <ReplayProgress key={replay.id} replay={replay} canCancel={canReplay} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
