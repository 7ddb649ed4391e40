"use client";

import { useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useState } from "react";
import { getJson } from "@/components/payments/schemas";
import { Notice } from "@/components/ui/notice";
import { CircuitControls, ConnectionCheck } from "./circuit-table";
import { CIRCUIT_LABEL, formatTime } from "./health-format";
import { detailSchema, type HealthDetailData } from "./health-schemas";
import { HealthTile } from "./health-tile";

const HealthCharts = dynamic(() => import("./health-charts"), {
  ssr: false,
  loading: () => (
    <p className="h-64 text-sm text-slate-500" role="status">
      Loading charts…
    </p>
  ),
});

const RANGES = [
  { minutes: 60, label: "1 hour" },
  { minutes: 360, label: "6 hours" },
  { minutes: 1440, label: "24 hours" },
] as const;

function Projection({ quota }: { quota: HealthDetailData["tile"]["quota"] }) {
  if (!quota) {
    return (
      <p className="text-sm text-slate-500">
        The provider has not reported a rate limit (X-RateLimit-* headers) in the last hour, so
        there is nothing to project.
      </p>
    );
  }
  const rate = quota.callsPerMinute.toLocaleString(undefined, { maximumFractionDigits: 1 });
  return (
    <p className="text-sm" data-testid="quota-projection">
      {quota.remaining.toLocaleString()}
      {quota.limit !== null ? ` of ${quota.limit.toLocaleString()}` : ""} requests left for{" "}
      <span className="font-mono">{quota.operation}</span>, at {rate} calls a minute (last 5
      minutes):{" "}
      {quota.exhaustsAt ? (
        <strong className="text-red-700 dark:text-red-400">
          they run out at {formatTime(quota.exhaustsAt)}
          {quota.resetAt ? `, before the reset at ${formatTime(quota.resetAt)}` : ""}.
        </strong>
      ) : quota.callsPerMinute === 0 ? (
        <>
          nothing is using it now
          {quota.resetAt ? `; it resets at ${formatTime(quota.resetAt)}` : ""}.
        </>
      ) : (
        <>it lasts until the reset{quota.resetAt ? ` at ${formatTime(quota.resetAt)}` : ""}.</>
      )}
    </p>
  );
}

/** One provider's charts, quota projection, transitions and (for admins) controls, kept fresh. */
export function ProviderHealthView({ initial }: { initial: HealthDetailData }) {
  const provider = initial.tile.provider;
  const [minutes, setMinutes] = useState(initial.minutes);
  const { data = initial, error } = useQuery({
    queryKey: ["integration-health", provider, minutes],
    queryFn: () =>
      getJson(
        `/api/integrations/${encodeURIComponent(provider)}/health?minutes=${minutes}`,
        detailSchema,
      ),
    initialData: minutes === initial.minutes ? initial : undefined,
    refetchInterval: 3_000,
  });
  const { tile } = data;
  const now = new Date(data.generatedAt).getTime();
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href="/integrations" className="text-indigo-700 hover:underline dark:text-indigo-300">
          ← All integrations
        </Link>
      </p>
      {error instanceof Error ? (
        <Notice ok={false}>Could not refresh: {error.message}</Notice>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <HealthTile tile={tile} now={now} linkToDetail={false} />
        <section className="min-w-0 space-y-4 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
          <div>
            <h2 className="font-semibold">Quota projection</h2>
            <Projection quota={tile.quota} />
          </div>
          <div>
            <h2 className="font-semibold">Controls</h2>
            {data.canControl ? (
              <div className="mt-2 space-y-3" data-testid="circuit-controls">
                <p className="text-sm text-slate-600 dark:text-slate-400">
                  Circuit now: {CIRCUIT_LABEL[tile.circuit.state] ?? tile.circuit.state}. Force it
                  open to stop every call (maintenance, a runaway job), closed to bypass the
                  breaker, or reset it to let the breaker decide. Each change is audited with your
                  reason.
                </p>
                <CircuitControls provider={provider} />
                {tile.canCheckConnection ? <ConnectionCheck provider={provider} /> : null}
              </div>
            ) : (
              <p className="mt-1 text-sm text-slate-500" data-testid="controls-read-only">
                Only administrators can force or reset the circuit or check the connection.
              </p>
            )}
          </div>
        </section>
      </div>

      <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Time range">
        <span className="text-sm text-slate-500">Charts over</span>
        {RANGES.map((range) => (
          <button
            key={range.minutes}
            type="button"
            aria-pressed={minutes === range.minutes}
            onClick={() => setMinutes(range.minutes)}
            className="rounded-md border border-slate-300 px-2 py-1 text-xs font-medium aria-pressed:bg-slate-800 aria-pressed:text-white dark:border-slate-700 dark:aria-pressed:bg-slate-200 dark:aria-pressed:text-slate-900"
          >
            {range.label}
          </button>
        ))}
      </div>
      <HealthCharts series={data.series} transitions={data.transitions} />

      <section className="rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <h2 className="border-b border-slate-200 px-4 py-3 font-semibold dark:border-slate-800">
          Circuit state changes
        </h2>
        {data.transitions.length === 0 ? (
          <p className="px-4 py-3 text-sm text-slate-500">
            The circuit has not changed state in the kept history.
          </p>
        ) : (
          <table className="w-full table-fixed text-left text-sm" data-testid="transitions">
            <thead className="text-xs text-slate-500">
              <tr>
                <th className="w-48 px-4 py-2 font-medium">When</th>
                <th className="w-64 px-4 py-2 font-medium">Change</th>
                <th className="px-4 py-2 font-medium">Cause</th>
              </tr>
            </thead>
            <tbody>
              {data.transitions.map((transition) => (
                <tr
                  key={transition.id}
                  className="border-t border-slate-100 align-top dark:border-slate-800"
                >
                  <td className="px-4 py-2 tabular-nums text-slate-600 dark:text-slate-400">
                    {new Date(transition.at).toLocaleString()}
                  </td>
                  <td className="px-4 py-2">
                    {CIRCUIT_LABEL[transition.from] ?? transition.from} →{" "}
                    <strong>{CIRCUIT_LABEL[transition.to] ?? transition.to}</strong>
                  </td>
                  <td className="break-words px-4 py-2">
                    {transition.reason ?? "—"}
                    {transition.actorEmail ? (
                      <span className="block break-all text-xs text-slate-500">
                        by {transition.actorEmail}
                      </span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
