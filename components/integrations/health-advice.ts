import type { Tile, WindowFigures } from "./health-schemas";

export type HealthLevel = "down" | "degraded" | "ok" | "idle";

export interface Advice {
  level: HealthLevel;
  headline: string;
  cause: string;
  nextStep: string;
}

/** Error rate at or above which a provider counts as failing (red), or as degraded (amber). */
export const FAILING_ERROR_RATE = 0.25;
export const DEGRADED_ERROR_RATE = 0.05;
/** Fewer attempts than this in a window say too little to judge its error rate. */
const MIN_ATTEMPTS = 5;

const time = (iso: string) => new Date(iso).toLocaleTimeString();
export const percent = (rate: number) =>
  `${(rate * 100).toLocaleString(undefined, { maximumFractionDigits: rate < 0.1 ? 1 : 0 })} %`;

/** The window that says most about now: the last minute when it has enough calls, else 15. */
function judgedWindow(tile: Tile): WindowFigures | undefined {
  const [one, fifteen] = tile.windows;
  if (one && one.attempts >= MIN_ATTEMPTS) return one;
  if (fifteen && fifteen.attempts >= MIN_ATTEMPTS) return fifteen;
  return undefined;
}

/**
 * Colour, cause and next step for a provider tile: not only a red dot, but why and what to do.
 * The circuit outranks the error rate, which outranks quota and throttling.
 */
export function adviceFor(tile: Tile, now = Date.now()): Advice {
  const { circuit, displayName: name } = tile;
  const lastError = tile.lastError ? ` Last error: ${tile.lastError.message}` : "";
  if (circuit.state === "FORCED_OPEN") {
    return {
      level: "down",
      headline: "Stopped by an administrator",
      cause: circuit.unavailableReason ?? `An administrator stopped all calls to ${name}.`,
      nextStep:
        "Refunds, sends and other calls fail at once. When the reason no longer holds, reset the circuit on the provider's page.",
    };
  }
  if (circuit.state === "OPEN") {
    return {
      level: "down",
      headline: "Failing: calls are paused",
      cause: `${name} failed repeatedly${circuit.openedAt ? ` (circuit opened at ${time(circuit.openedAt)})` : ""}.${lastError}`,
      nextStep: `The next trial call goes out${circuit.openUntil ? ` at ${time(circuit.openUntil)}` : " shortly"}; it closes the circuit if it succeeds. Check ${name}'s status page if it keeps failing.`,
    };
  }
  const judged = judgedWindow(tile);
  if (judged?.errorRate != null && judged.errorRate >= FAILING_ERROR_RATE) {
    return {
      level: "down",
      headline: `Failing: ${percent(judged.errorRate)} of calls`,
      cause: `${judged.failures.toLocaleString()} of ${judged.attempts.toLocaleString()} calls in the last ${judged.minutes === 1 ? "minute" : `${judged.minutes} minutes`} failed.${lastError}`,
      nextStep:
        "The circuit opens if failures go on. Look at the failures on the provider's page and its status page.",
    };
  }
  if (circuit.state === "HALF_OPEN") {
    return {
      level: "degraded",
      headline: "Recovering: trial calls",
      cause: `${name} failed earlier; the breaker lets trial calls through to see whether it is back.`,
      nextStep:
        "Nothing to do: a successful trial closes the circuit, a failed one opens it again.",
    };
  }
  if (circuit.state === "FORCED_CLOSED") {
    return {
      level: "degraded",
      headline: "Breaker bypassed",
      cause: `An administrator forced the circuit closed${circuit.reason ? ` (“${circuit.reason}”)` : ""}: calls go out even if ${name} fails.`,
      nextStep:
        "Reset the circuit when the reason no longer holds, so the breaker protects it again.",
    };
  }
  const quota = tile.quota;
  if (quota?.exhaustsAt && new Date(quota.exhaustsAt).getTime() - now < 15 * 60_000) {
    return {
      level: "degraded",
      headline: "Quota running out",
      cause: `${quota.remaining.toLocaleString()} requests left for ${quota.operation} at ${quota.callsPerMinute.toLocaleString(undefined, { maximumFractionDigits: 1 })} a minute: they run out at ${time(quota.exhaustsAt)}${quota.resetAt ? `, before the reset at ${time(quota.resetAt)}` : ""}.`,
      nextStep: "Slow down bulk work (bulk sends, replays) until the reset.",
    };
  }
  const fifteen = tile.windows[1];
  if (fifteen && fifteen.throttled > 0) {
    return {
      level: "degraded",
      headline: `Rate limited ${fifteen.throttled.toLocaleString()} times`,
      cause: `${name} answered HTTP 429 (too many requests) ${fifteen.throttled.toLocaleString()} times in the last 15 minutes.`,
      nextStep: "The console waits and retries on its own; pause bulk work if this keeps growing.",
    };
  }
  if (judged?.errorRate != null && judged.errorRate >= DEGRADED_ERROR_RATE) {
    return {
      level: "degraded",
      headline: `Some failures: ${percent(judged.errorRate)}`,
      cause: `${judged.failures.toLocaleString()} of ${judged.attempts.toLocaleString()} calls failed.${lastError}`,
      nextStep: "Keep an eye on it; the breaker opens if failures grow.",
    };
  }
  const hour = tile.windows[2];
  if (!hour || hour.attempts === 0) {
    return {
      level: "idle",
      headline: "No calls in the last hour",
      cause: "Nothing has called this provider lately, so there is nothing to judge.",
      nextStep: tile.canCheckConnection
        ? "Use Check connection on the provider's page to try it."
        : "Nothing to do.",
    };
  }
  return {
    level: "ok",
    headline: "Healthy",
    cause: "Calls succeed and the circuit is closed.",
    nextStep: "Nothing to do.",
  };
}
