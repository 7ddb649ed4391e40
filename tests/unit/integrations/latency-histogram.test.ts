import { describe, expect, it } from "vitest";
import {
  addBuckets,
  bucketIndex,
  emptyBuckets,
  LATENCY_BOUNDS_MS,
  LATENCY_BUCKET_COUNT,
  percentile,
} from "@/lib/integrations/core/latency-histogram";

function histogram(latencies: number[]) {
  const buckets = emptyBuckets();
  for (const ms of latencies) buckets[bucketIndex(ms)] = (buckets[bucketIndex(ms)] ?? 0) + 1;
  return buckets;
}

describe("latency histogram", () => {
  it("puts a latency in the first bucket whose upper bound holds it (bounds inclusive)", () => {
    expect(bucketIndex(0)).toBe(0);
    expect(bucketIndex(5)).toBe(0);
    expect(bucketIndex(5.01)).toBe(1);
    expect(bucketIndex(300)).toBe(LATENCY_BOUNDS_MS.indexOf(300));
    expect(bucketIndex(30_000)).toBe(LATENCY_BOUNDS_MS.length - 1);
    expect(bucketIndex(30_001)).toBe(LATENCY_BUCKET_COUNT - 1);
  });

  it("gives nearest-rank percentiles as the holding bucket's upper bound", () => {
    // 90 fast, 5 medium, 4 slow, 1 past the last bound.
    const latencies = [
      ...Array.from({ length: 90 }, () => 20),
      ...Array.from({ length: 5 }, () => 400),
      ...Array.from({ length: 4 }, () => 2000),
      45_000,
    ];
    const buckets = histogram(latencies);
    expect(percentile(buckets, 0.5)).toEqual({ ms: 25, over: false });
    expect(percentile(buckets, 0.9)).toEqual({ ms: 25, over: false });
    expect(percentile(buckets, 0.91)).toEqual({ ms: 500, over: false });
    expect(percentile(buckets, 0.95)).toEqual({ ms: 500, over: false });
    expect(percentile(buckets, 0.99)).toEqual({ ms: 2000, over: false });
    expect(percentile(buckets, 1, 45_000)).toEqual({ ms: 45_000, over: true });
  });

  it("has no percentile without samples, and adds histograms element-wise", () => {
    expect(percentile(emptyBuckets(), 0.5)).toBeNull();
    const sum = addBuckets(histogram([1, 60]), histogram([1, 1, 9_000]));
    expect(sum[0]).toBe(3);
    expect(sum[bucketIndex(60)]).toBe(1);
    expect(sum[bucketIndex(9_000)]).toBe(1);
    // A stored array from before a row had samples counts as zeros.
    expect(addBuckets(emptyBuckets(), [])).toEqual(emptyBuckets());
  });
});
