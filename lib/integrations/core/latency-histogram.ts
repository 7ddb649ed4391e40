/**
 * Fixed latency buckets (upper bounds in ms, inclusive) shared by every writer and reader of
 * ApiCallMinute.latencyBuckets: histograms from any instance and minute add element-wise, so a
 * percentile over an hour needs 60 rows, never the raw log. The last bucket holds everything
 * slower than the last bound. Changing the bounds needs a migration of the stored arrays.
 */
export const LATENCY_BOUNDS_MS = [
  5, 10, 25, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000, 30000,
] as const;

export const LATENCY_BUCKET_COUNT = LATENCY_BOUNDS_MS.length + 1;

export function emptyBuckets(): number[] {
  return new Array<number>(LATENCY_BUCKET_COUNT).fill(0);
}

export function bucketIndex(durationMs: number): number {
  for (let index = 0; index < LATENCY_BOUNDS_MS.length; index++) {
    if (durationMs <= (LATENCY_BOUNDS_MS[index] as number)) return index;
  }
  return LATENCY_BOUNDS_MS.length;
}

/** Adds `from` into `into`; a shorter or longer stored array (none yet) counts as zeros. */
export function addBuckets(into: number[], from: readonly number[]): number[] {
  for (let index = 0; index < LATENCY_BUCKET_COUNT; index++) {
    into[index] = (into[index] ?? 0) + (from[index] ?? 0);
  }
  return into;
}

export interface Percentile {
  /** The bucket's upper bound, or the slowest attempt seen when it is past the last bound. */
  ms: number;
  /** True when the value is only known to be above the last bound. */
  over: boolean;
}

/**
 * The nearest-rank percentile (p in 0..1) of a histogram, as the upper bound of the bucket that
 * holds it: "p95 ≤ 300 ms". Null without samples.
 */
export function percentile(buckets: readonly number[], p: number, maxMs = 0): Percentile | null {
  let total = 0;
  for (const count of buckets) total += count;
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (let index = 0; index < LATENCY_BUCKET_COUNT; index++) {
    seen += buckets[index] ?? 0;
    if (seen >= rank) {
      const bound = LATENCY_BOUNDS_MS[index];
      return bound === undefined
        ? {
            ms: Math.max(maxMs, LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1] as number),
            over: true,
          }
        : { ms: bound, over: false };
    }
  }
  return null;
}
