import Link from "next/link";
import { adviceFor } from "./health-advice";
import {
  CIRCUIT_LABEL,
  formatLatency,
  formatRate,
  formatTime,
  LEVEL_STYLE,
  windowLabel,
} from "./health-format";
import type { Tile } from "./health-schemas";

const MODE_LABEL: Record<string, string> = {
  live: "Live",
  simulator: "Simulator",
  configured: "Configured",
};

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="break-words tabular-nums">{children}</dd>
    </div>
  );
}

/** One provider at a glance: colour for health, the cause and the next step, then the figures. */
export function HealthTile({
  tile,
  now,
  linkToDetail = true,
}: {
  tile: Tile;
  now: number;
  linkToDetail?: boolean;
}) {
  const advice = adviceFor(tile, now);
  const style = LEVEL_STYLE[advice.level];
  const fifteen = tile.windows[1];
  const hour = tile.windows[2];
  return (
    <article
      data-testid={`tile-${tile.provider}`}
      data-level={advice.level}
      className={`flex min-w-0 flex-col rounded-lg border-2 bg-white p-4 dark:bg-slate-900 ${style.border}`}
    >
      <header className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 className="break-words text-lg font-semibold">
            <Link
              href={`/integrations/${encodeURIComponent(tile.provider)}`}
              className="hover:underline"
            >
              {tile.displayName}
            </Link>
          </h2>
          <p className="text-xs text-slate-500">
            <span className="font-mono">{tile.provider}</span> ·{" "}
            {MODE_LABEL[tile.mode] ?? tile.mode} · {(hour?.attempts ?? 0).toLocaleString()} calls in
            the last hour
          </p>
        </div>
        <div className="flex flex-wrap gap-1">
          <span
            data-testid="tile-level"
            className={`rounded px-2 py-0.5 text-xs font-semibold ${style.badge}`}
          >
            {style.label}
          </span>
          <span
            data-testid="tile-circuit"
            className="rounded border border-slate-300 px-2 py-0.5 text-xs dark:border-slate-700"
            title="The circuit breaker: open means calls fail fast instead of piling up."
          >
            Circuit: {CIRCUIT_LABEL[tile.circuit.state] ?? tile.circuit.state}
          </span>
        </div>
      </header>

      <div className="mt-3 text-sm" data-testid="tile-advice">
        <p className={`font-semibold ${style.text}`}>{advice.headline}</p>
        <p className="mt-1 break-words text-slate-700 dark:text-slate-300">{advice.cause}</p>
        <p className="mt-1 break-words text-slate-600 dark:text-slate-400">
          <span className="font-medium">Next step:</span> {advice.nextStep}
        </p>
      </div>

      <table className="mt-3 w-full text-right text-sm tabular-nums">
        <caption className="sr-only">Calls, error rate and latency percentiles by window</caption>
        <thead className="text-xs text-slate-500">
          <tr>
            <th className="py-1 text-left font-medium">Window</th>
            <th className="py-1 font-medium">Calls</th>
            <th className="py-1 font-medium">Errors</th>
            <th className="py-1 font-medium">p50</th>
            <th className="py-1 font-medium">p95</th>
            <th className="py-1 font-medium">p99</th>
          </tr>
        </thead>
        <tbody>
          {tile.windows.map((window) => (
            <tr
              key={window.minutes}
              className="border-t border-slate-100 dark:border-slate-800"
              data-testid={`window-${window.minutes}`}
            >
              <td className="py-1 text-left">{windowLabel(window.minutes)}</td>
              <td className="py-1">{window.attempts.toLocaleString()}</td>
              <td className="py-1" data-testid="error-rate">
                {formatRate(window.errorRate)}
              </td>
              <td className="py-1">{formatLatency(window.p50)}</td>
              <td className="py-1">{formatLatency(window.p95)}</td>
              <td className="py-1">{formatLatency(window.p99)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <dl className="mt-3 grid grid-cols-2 gap-3 text-sm">
        <Fact label="Rate limit left">
          {tile.quota ? (
            <>
              {tile.quota.remaining.toLocaleString()}
              {tile.quota.limit !== null ? ` of ${tile.quota.limit.toLocaleString()}` : ""}
              <span className="block text-xs text-slate-500">
                {!tile.quota.resetAt
                  ? "reset time unknown"
                  : new Date(tile.quota.resetAt).getTime() <= now
                    ? `reset at ${formatTime(tile.quota.resetAt)}; the next call reads it again`
                    : `resets ${formatTime(tile.quota.resetAt)}`}
              </span>
            </>
          ) : (
            <span className="text-slate-500">No reading in the last hour</span>
          )}
        </Fact>
        <Fact label="HTTP 429s (15 min)">{(fifteen?.throttled ?? 0).toLocaleString()}</Fact>
        <Fact label="Retry budget left">
          {tile.retryBudget.left.toLocaleString()} of {tile.retryBudget.allowed.toLocaleString()}
          <span className="block text-xs text-slate-500">on this instance</span>
        </Fact>
        <Fact label="Calls refused by the circuit (15 min)">
          {(fifteen?.circuitRefusals ?? 0).toLocaleString()}
        </Fact>
      </dl>

      <div className="mt-3 border-t border-slate-100 pt-2 text-sm dark:border-slate-800">
        <span className="text-xs text-slate-500">Last error</span>
        {tile.lastError ? (
          <p className="break-words" data-testid="tile-last-error">
            {tile.lastError.message}{" "}
            <span className="text-xs text-slate-500">({formatTime(tile.lastError.at)})</span>
          </p>
        ) : (
          <p className="text-slate-500">None in the last 24 hours.</p>
        )}
      </div>
      {linkToDetail ? (
        <Link
          href={`/integrations/${encodeURIComponent(tile.provider)}`}
          className="mt-3 self-start text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-300"
        >
          Charts, transitions and controls →
        </Link>
      ) : null}
    </article>
  );
}
