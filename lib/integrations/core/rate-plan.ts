/**
 * How a "N requests per second" limit is laid onto the fixed windows of rate-limiter-flexible.
 *
 * A plain 1-second window of N points lets 2N through in the second around a window boundary.
 * Short windows of P points each keep every sliding second under N: a second (plus `marginMs`
 * for dispatch jitter between taking a token and the request reaching the provider) touches at
 * most ceil(W/d) + 1 windows of length d, so P * (ceil(W/d) + 1) <= N. With P = 1 each window
 * starts at its only request, so requests are at least d apart and N + 1 requests span N * d,
 * which must exceed W.
 */
export interface RatePlan {
  windowMs: number;
  pointsPerWindow: number;
  /** Sustained requests per second the plan allows (a little below the configured limit). */
  effectivePerSecond: number;
}

export const DEFAULT_MARGIN_MS = 50;
export const MIN_WINDOW_MS = 20;

/** rate-limiter-flexible takes seconds and multiplies by 1000; keep that product an exact integer. */
function exactMs(ms: number): number {
  let candidate = Math.ceil(ms);
  while ((candidate / 1000) * 1000 !== candidate) candidate += 1;
  return candidate;
}

export function planRateWindows(
  limitPerSecond: number,
  options: { marginMs?: number; minWindowMs?: number } = {},
): RatePlan {
  const margin = options.marginMs ?? DEFAULT_MARGIN_MS;
  const minWindow = options.minWindowMs ?? MIN_WINDOW_MS;
  const span = 1000 + margin;
  const candidates: RatePlan[] = [];
  const consider = (windowMs: number, points: number) => {
    if (points >= 1)
      candidates.push({
        windowMs,
        pointsPerWindow: points,
        effectivePerSecond: (points * 1000) / windowMs,
      });
  };

  if (limitPerSecond < 1) {
    // Fewer than one a second: one request per 1/N seconds.
    consider(exactMs(1000 / limitPerSecond + margin), 1);
  } else {
    consider(exactMs(Math.max(minWindow, span / Math.floor(limitPerSecond) + 0.001)), 1);
    const maxWindows = Math.min(Math.floor(limitPerSecond), 2_000);
    for (let touched = 2; touched <= maxWindows; touched++) {
      const windowMs = exactMs(span / (touched - 1));
      if (windowMs < minWindow) break;
      consider(windowMs, Math.floor(limitPerSecond / touched));
    }
  }
  // Among plans within 5% of the best throughput, the longest window: every window costs each
  // instance a database round trip, so fewer, larger windows keep the store off the call path.
  const best = Math.max(...candidates.map((plan) => plan.effectivePerSecond));
  const good = candidates.filter((plan) => plan.effectivePerSecond >= best * 0.95);
  const [first, ...rest] = good;
  if (!first) throw new Error(`no rate plan for ${limitPerSecond} requests/s`);
  return rest.reduce((a, b) => (b.windowMs > a.windowMs ? b : a), first);
}
