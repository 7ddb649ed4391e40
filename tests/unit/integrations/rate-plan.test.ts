import { describe, expect, it } from "vitest";
import { DEFAULT_MARGIN_MS, planRateWindows } from "@/lib/integrations/core/rate-plan";

/**
 * Worst case for a plan: windows back to back, each starting at its first request, with every
 * request of a window packed at its end and the next window's at its start, and each request
 * delayed by up to the margin. Count the most requests a 1-second window can then see.
 */
function worstCasePerSecond(windowMs: number, points: number, jitterMs: number): number {
  const times: number[] = [];
  for (let window = 0; window < 200; window++) {
    const start = window * windowMs;
    // P = 1: the window starts with its only request. P > 1: first at the start, the rest at the very end.
    times.push(start);
    for (let extra = 1; extra < points; extra++) times.push(start + windowMs - 0.001);
  }
  // Alternate the dispatch delay so neighbours are pushed together as much as the margin allows.
  const arrivals = times
    .map((time, index) => time + (index % 2 === 0 ? jitterMs : 0))
    .sort((a, b) => a - b);
  let best = 0;
  let from = 0;
  for (let to = 0; to < arrivals.length; to++) {
    while ((arrivals[to] ?? 0) - (arrivals[from] ?? 0) > 1000) from++;
    best = Math.max(best, to - from + 1);
  }
  return best;
}

describe("rate plan", () => {
  it.each([1, 2, 3, 7, 10, 25, 60, 100, 250, 1000, 5000])(
    "never lets more than %i through in any second",
    (limit) => {
      const plan = planRateWindows(limit);
      expect(Number.isInteger(plan.windowMs)).toBe(true);
      expect(
        worstCasePerSecond(plan.windowMs, plan.pointsPerWindow, DEFAULT_MARGIN_MS - 1),
      ).toBeLessThanOrEqual(limit);
      // ...while keeping most of the allowed throughput.
      expect(plan.effectivePerSecond).toBeGreaterThan(limit * 0.85);
      expect(plan.effectivePerSecond).toBeLessThanOrEqual(limit);
    },
  );

  it("spaces Stripe's test-mode 25/s one request per window", () => {
    const plan = planRateWindows(25);
    expect(plan.pointsPerWindow).toBe(1);
    expect(plan.windowMs).toBeGreaterThanOrEqual(43);
    expect(plan.windowMs).toBeLessThanOrEqual(44);
  });

  it("handles limits under one request per second", () => {
    const plan = planRateWindows(0.5);
    expect(plan.pointsPerWindow).toBe(1);
    expect(plan.windowMs).toBeGreaterThanOrEqual(2000);
  });

  it("would let a plain one-second window of N points through twice over (why the plan exists)", () => {
    expect(worstCasePerSecond(1000, 25, 0)).toBeGreaterThan(25);
  });
});
