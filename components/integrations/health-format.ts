import type { WindowFigures } from "./health-schemas";

type Percentile = WindowFigures["p50"];

export function formatLatency(value: Percentile): string {
  if (!value) return "—";
  const text =
    value.ms >= 1000
      ? `${(value.ms / 1000).toLocaleString(undefined, { maximumFractionDigits: 1 })} s`
      : `${value.ms.toLocaleString()} ms`;
  // A bucket's upper bound: the percentile is at most this, or (past the last bucket) above it.
  return value.over ? `> ${text}` : `≤ ${text}`;
}

export function formatRate(rate: number | null): string {
  if (rate === null) return "—";
  return `${(rate * 100).toLocaleString(undefined, { maximumFractionDigits: rate > 0 && rate < 0.1 ? 1 : 0 })} %`;
}

export function formatTime(iso: string | null): string {
  if (!iso) return "—";
  const date = new Date(iso);
  const sameDay = date.toDateString() === new Date().toDateString();
  return sameDay ? date.toLocaleTimeString() : date.toLocaleString();
}

export function windowLabel(minutes: number): string {
  return minutes === 1 ? "1 min" : minutes === 60 ? "1 hour" : `${minutes} min`;
}

export const LEVEL_STYLE = {
  down: {
    border: "border-red-400 dark:border-red-700",
    badge: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200",
    text: "text-red-800 dark:text-red-300",
    label: "Failing",
  },
  degraded: {
    border: "border-amber-400 dark:border-amber-700",
    badge: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
    text: "text-amber-900 dark:text-amber-300",
    label: "Degraded",
  },
  ok: {
    border: "border-emerald-300 dark:border-emerald-800",
    badge: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
    text: "text-emerald-800 dark:text-emerald-300",
    label: "Healthy",
  },
  idle: {
    border: "border-slate-200 dark:border-slate-700",
    badge: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200",
    text: "text-slate-700 dark:text-slate-300",
    label: "Idle",
  },
} as const;

export const CIRCUIT_LABEL: Record<string, string> = {
  CLOSED: "Closed",
  FORCED_CLOSED: "Forced closed",
  HALF_OPEN: "Half-open",
  OPEN: "Open",
  FORCED_OPEN: "Forced open",
};
