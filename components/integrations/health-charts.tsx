"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { HealthDetailData } from "./health-schemas";

type Series = HealthDetailData["series"];
type Transition = HealthDetailData["transitions"][number];

const label = (iso: string) =>
  new Date(iso).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });

const tooltipStyle = {
  backgroundColor: "rgb(15 23 42 / 0.95)",
  border: "none",
  borderRadius: 6,
  color: "#f1f5f9",
  fontSize: 12,
};

const axis = { tick: { fill: "currentColor", fontSize: 11 }, stroke: "currentColor" };

const OUTCOMES = [
  { key: "successes", name: "Succeeded", color: "#10b981" },
  { key: "httpErrors", name: "HTTP error (429 included)", color: "#ef4444" },
  { key: "networkErrors", name: "Network error", color: "#f97316" },
  { key: "timeouts", name: "Timed out", color: "#eab308" },
  { key: "circuitRefusals", name: "Refused: circuit open", color: "#a855f7" },
  { key: "rateLimitRefusals", name: "Refused: no rate-limit slot", color: "#64748b" },
] as const;

function ChartFrame({
  title,
  description,
  children,
  testId,
  empty,
}: {
  title: string;
  description: string;
  children: React.ReactElement;
  testId: string;
  /** Said instead of an empty chart. */
  empty?: string;
}) {
  return (
    <figure
      data-testid={testId}
      className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <figcaption>
        <h3 className="font-semibold">{title}</h3>
        <p className="text-xs text-slate-500 dark:text-slate-400">{description}</p>
      </figcaption>
      {empty ? (
        <p className="mt-3 flex h-64 items-center justify-center rounded-md border border-dashed border-slate-300 px-4 text-center text-sm text-slate-500 dark:border-slate-700 dark:text-slate-400">
          {empty}
        </p>
      ) : (
        <div className="mt-3 h-64 text-slate-500 dark:text-slate-400">
          <ResponsiveContainer width="100%" height="100%">
            {children}
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}

function transitionLines(series: Series, transitions: readonly Transition[]) {
  const first = series[0] ? new Date(series[0].minute).getTime() : Infinity;
  return transitions
    .filter((transition) => new Date(transition.at).getTime() >= first)
    .map((transition) => {
      const minute = new Date(Math.floor(new Date(transition.at).getTime() / 60_000) * 60_000);
      return (
        <ReferenceLine
          key={transition.id}
          x={label(minute.toISOString())}
          stroke={transition.to.includes("OPEN") ? "#ef4444" : "#10b981"}
          strokeDasharray="4 3"
          ifOverflow="extendDomain"
        />
      );
    });
}

export function RequestsChart({
  series,
  transitions,
}: {
  series: Series;
  transitions: readonly Transition[];
}) {
  const data = series.map((point) => ({ ...point, label: label(point.minute) }));
  return (
    <ChartFrame
      testId="chart-requests"
      title="Requests per minute, by outcome"
      description="Every attempt, retries included. Dashed lines: the circuit opened (red) or closed (green)."
      empty={
        series.some((point) => OUTCOMES.some((outcome) => point[outcome.key] > 0))
          ? undefined
          : "No calls to this provider in this range."
      }
    >
      <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeOpacity={0.15} vertical={false} />
        <XAxis dataKey="label" {...axis} minTickGap={24} />
        <YAxis {...axis} allowDecimals={false} width={48} />
        <Tooltip contentStyle={tooltipStyle} cursor={{ fillOpacity: 0.1 }} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {OUTCOMES.map((outcome) => (
          <Bar
            key={outcome.key}
            dataKey={outcome.key}
            name={outcome.name}
            stackId="outcome"
            fill={outcome.color}
            isAnimationActive={false}
          />
        ))}
        {transitionLines(series, transitions)}
      </BarChart>
    </ChartFrame>
  );
}

export function LatencyChart({ series }: { series: Series }) {
  const data = series.map((point) => ({ ...point, label: label(point.minute) }));
  return (
    <ChartFrame
      testId="chart-latency"
      title="Latency percentiles per minute (ms)"
      description="Upper bound of the histogram bucket each percentile falls in, for attempts that reached the provider. Gaps: no calls that minute."
      empty={
        series.some((point) => point.p50 !== null)
          ? undefined
          : "No call reached the provider in this range, so there is no latency to show."
      }
    >
      <LineChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeOpacity={0.15} vertical={false} />
        <XAxis dataKey="label" {...axis} minTickGap={24} />
        <YAxis {...axis} width={56} />
        <Tooltip contentStyle={tooltipStyle} formatter={(value) => `≤ ${String(value)} ms`} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Line dataKey="p50" name="p50" stroke="#10b981" dot={{ r: 2 }} isAnimationActive={false} />
        <Line dataKey="p95" name="p95" stroke="#f59e0b" dot={{ r: 2 }} isAnimationActive={false} />
        <Line dataKey="p99" name="p99" stroke="#ef4444" dot={{ r: 2 }} isAnimationActive={false} />
      </LineChart>
    </ChartFrame>
  );
}

export function QuotaChart({ series }: { series: Series }) {
  const data = series.map((point) => ({ ...point, label: label(point.minute) }));
  const limit = series.reduce<number | null>(
    (max, point) => (point.quotaLimit === null ? max : Math.max(max ?? 0, point.quotaLimit)),
    null,
  );
  return (
    <ChartFrame
      testId="chart-quota"
      title="Rate limit remaining"
      description="The lowest X-RateLimit-Remaining the provider reported each minute, across operations."
      empty={
        limit === null && series.every((point) => point.quotaRemaining === null)
          ? "The provider reported no rate limit (X-RateLimit-* headers) in this range."
          : undefined
      }
    >
      <LineChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeOpacity={0.15} vertical={false} />
        <XAxis dataKey="label" {...axis} minTickGap={24} />
        <YAxis {...axis} width={56} allowDecimals={false} domain={[0, limit ?? "auto"]} />
        <Tooltip contentStyle={tooltipStyle} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {limit !== null ? (
          <ReferenceLine
            y={limit}
            stroke="#64748b"
            strokeDasharray="4 3"
            label={{ value: `limit ${limit.toLocaleString()}`, fill: "currentColor", fontSize: 11 }}
          />
        ) : null}
        <Line
          dataKey="quotaRemaining"
          name="Remaining"
          stroke="#6366f1"
          dot={{ r: 2 }}
          connectNulls
          isAnimationActive={false}
        />
      </LineChart>
    </ChartFrame>
  );
}

/** The three charts, loaded in the browser only: recharts' server markup carries inline styles the CSP refuses. */
export default function HealthCharts({
  series,
  transitions,
}: {
  series: Series;
  transitions: readonly Transition[];
}) {
  return (
    <>
      <RequestsChart series={series} transitions={transitions} />
      <div className="grid gap-4 lg:grid-cols-2">
        <LatencyChart series={series} />
        <QuotaChart series={series} />
      </div>
    </>
  );
}
