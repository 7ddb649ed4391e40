import { randomInt } from "node:crypto";
import { CircuitState } from "cockatiel";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FailureAndSlowCallBreaker } from "@/lib/integrations/core/breaker";
import { AttemptFailure } from "@/lib/integrations/core/attempt";
import { SharedTokenBucket } from "@/lib/integrations/core/rate-limiter";
import { RetryBudget } from "@/lib/integrations/core/retry-budget";
import { systemClock } from "@/lib/integrations/core/clock";

describe("retry budget", () => {
  it("allows the floor plus a fraction of first attempts, over a sliding window", () => {
    let now = 1_000_000;
    const budget = new RetryBudget(
      { ratio: 0.2, minRetries: 2, windowMs: 10_000 },
      { now: () => now },
    );
    const requests = randomInt(20, 60);
    for (let index = 0; index < requests; index++) budget.recordRequest();
    let granted = 0;
    while (budget.tryWithdraw()) granted++;
    expect(granted).toBe(Math.floor(2 + 0.2 * requests));

    now += 11_000;
    expect(budget.tryWithdraw()).toBe(true);
    expect(budget.tryWithdraw()).toBe(true);
    expect(budget.tryWithdraw()).toBe(false);
  });
});

describe("failure-rate and slow-call breaker", () => {
  const options = {
    failureRateThreshold: 0.5,
    slowCallRateThreshold: 0.6,
    minimumCalls: 6,
    windowSize: 10,
  };

  it("does not open below the minimum number of calls, however bad they are", () => {
    const breaker = new FailureAndSlowCallBreaker(options);
    for (let index = 0; index < 5; index++)
      expect(breaker.failure(CircuitState.Closed)).toBe(false);
    expect(breaker.failure(CircuitState.Closed)).toBe(true);
  });

  it("opens when the failure rate over the window reaches the threshold", () => {
    const breaker = new FailureAndSlowCallBreaker(options);
    for (let index = 0; index < 6; index++) breaker.success(CircuitState.Closed);
    const opened = [1, 2, 3, 4, 5, 6].map(() => breaker.failure(CircuitState.Closed));
    // 10-sample window: after 5 failures it holds 5 ok + 5 failed = 50%.
    expect(opened).toEqual([false, false, false, false, true, true]);
  });

  it("counts slow successes separately and opens on the slow-call rate", () => {
    const breaker = new FailureAndSlowCallBreaker(options);
    breaker.lastFailure = () => ({ value: "slow" });
    const opened = Array.from({ length: 6 }, () => breaker.failure(CircuitState.Closed));
    expect(opened).toEqual([false, false, false, false, false, true]);
    expect(breaker.counts()).toEqual({ total: 6, failed: 0, slow: 6 });
  });

  it("survives a round trip through its serialised state, and ignores a malformed one", () => {
    const breaker = new FailureAndSlowCallBreaker(options);
    for (let index = 0; index < 4; index++) breaker.failure(CircuitState.Closed);
    const copy = new FailureAndSlowCallBreaker(options);
    copy.state = JSON.parse(JSON.stringify(breaker.state));
    expect(copy.counts()).toEqual(breaker.counts());
    copy.state = { samples: "nonsense" };
    expect(copy.counts()).toEqual(breaker.counts());
  });
});

describe("token bucket waiting", () => {
  it("serves waiters in order and fails those it cannot serve before their deadline", async () => {
    const bucket = new SharedTokenBucket("test", 2, systemClock, { memory: true });
    const now = Date.now();
    const outcomes = await Promise.allSettled([
      bucket.acquire(now + 5_000),
      bucket.acquire(now + 5_000),
      bucket.acquire(now + 100),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "rejected",
    ]);
    const rejection = outcomes[2];
    const reason: unknown = rejection?.status === "rejected" ? rejection.reason : undefined;
    expect(reason).toBeInstanceOf(AttemptFailure);
    expect(reason).toMatchObject({ outcome: { kind: "rate_limited" } });
  });
});

describe("token bucket lease", () => {
  // Fake time: the windows, the store's expiry and the bucket's timers all move only when the test
  // says so, so a slow machine cannot turn a window's end into a missed lease.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date", "setTimeout", "clearTimeout"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const settle = () => vi.advanceTimersByTimeAsync(5);

  /** A bucket of 16-token leases in 75 ms windows, holding its first lease. */
  async function leasedBucket() {
    const bucket = new SharedTokenBucket("test", 1_000, systemClock, { memory: true });
    const acquired = bucket.acquire(Date.now() + 1_000);
    await vi.advanceTimersByTimeAsync(0);
    await acquired;
    return bucket;
  }
  function take(bucket: SharedTokenBucket, count: number): number {
    let taken = 0;
    for (let index = 0; index < count; index++) if (bucket.tryAcquire()) taken += 1;
    return taken;
  }

  it("fetches another slice of the window when a quarter of the lease is left", async () => {
    const bucket = await leasedBucket();
    expect(take(bucket, 11)).toBe(11);
    await settle();
    // 4 left of the first slice, and a second slice of 16 fetched without anyone waiting.
    expect(take(bucket, 20)).toBe(20);
  });

  it("has twice what the last window used at hand when the window ends", async () => {
    const bucket = await leasedBucket();
    // The acquire above took one; three in all.
    take(bucket, 2);
    // Just past the window's end, and well before the prefetched slice's own window ends.
    await vi.advanceTimersByTimeAsync(bucket.plan.windowMs + 10);
    expect(take(bucket, 10)).toBe(6);
  });

  it("fetches nothing ahead once a whole window passes without calls", async () => {
    const bucket = await leasedBucket();
    await vi.advanceTimersByTimeAsync(2 * bucket.plan.windowMs + 60);
    expect(bucket.tryAcquire()).toBe(false);
  });
});
