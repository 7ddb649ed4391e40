import { describe, expect, it } from "vitest";
import { adviceFor } from "@/components/integrations/health-advice";
import type { Tile, WindowFigures } from "@/components/integrations/health-schemas";

const NOW = Date.UTC(2030, 0, 1, 12, 0, 0);

function window(minutes: number, attempts: number, failures: number, throttled = 0): WindowFigures {
  return {
    minutes,
    attempts,
    failures,
    errorRate: attempts === 0 ? null : failures / attempts,
    throttled,
    circuitRefusals: 0,
    p50: null,
    p95: null,
    p99: null,
  };
}

function tile(overrides: Partial<Tile> = {}): Tile {
  return {
    provider: "stripe",
    displayName: "Stripe",
    mode: "simulator",
    canCheckConnection: true,
    circuit: {
      state: "CLOSED",
      forced: false,
      reason: null,
      openedAt: null,
      openUntil: null,
      updatedAt: null,
      unavailableReason: null,
    },
    rateLimitPerSecond: 25,
    windows: [window(1, 10, 0), window(15, 100, 0), window(60, 400, 0)],
    quota: null,
    retryBudget: { left: 10, allowed: 10 },
    lastError: null,
    ...overrides,
  };
}

describe("health advice", () => {
  it("is red with the cause and the next trial when the circuit is open", () => {
    const advice = adviceFor(
      tile({
        circuit: {
          ...tile().circuit,
          state: "OPEN",
          openedAt: new Date(NOW - 60_000).toISOString(),
          openUntil: new Date(NOW + 30_000).toISOString(),
        },
        lastError: {
          at: new Date(NOW).toISOString(),
          message: "Stripe is having problems (HTTP 503).",
        },
      }),
      NOW,
    );
    expect(advice.level).toBe("down");
    expect(advice.cause).toContain("HTTP 503");
    expect(advice.nextStep).toContain("trial call");
  });

  it("is red on a high error rate with a closed circuit, and judges the last minute only with enough calls", () => {
    expect(
      adviceFor(tile({ windows: [window(1, 10, 4), window(15, 10, 4), window(60, 10, 4)] }), NOW)
        .level,
    ).toBe("down");
    // Two failures out of three in the last minute say little; the 15 minutes are healthy.
    expect(
      adviceFor(tile({ windows: [window(1, 3, 2), window(15, 200, 2), window(60, 400, 2)] }), NOW)
        .level,
    ).toBe("ok");
  });

  it("warns when the quota runs out within 15 minutes or the provider throttles", () => {
    const quota = {
      operation: "charges.list",
      limit: 100,
      remaining: 10,
      resetAt: new Date(NOW + 3_600_000).toISOString(),
      observedAt: new Date(NOW).toISOString(),
      callsPerMinute: 2,
      exhaustsAt: new Date(NOW + 5 * 60_000).toISOString(),
    };
    expect(adviceFor(tile({ quota }), NOW)).toMatchObject({
      level: "degraded",
      headline: "Quota running out",
    });
    expect(
      adviceFor(
        tile({ windows: [window(1, 10, 0), window(15, 100, 3, 3), window(60, 400, 3, 3)] }),
        NOW,
      ).headline,
    ).toContain("Rate limited 3");
  });

  it("says an idle provider is idle, and a forced-open one was stopped by an administrator", () => {
    expect(
      adviceFor(tile({ windows: [window(1, 0, 0), window(15, 0, 0), window(60, 0, 0)] }), NOW)
        .level,
    ).toBe("idle");
    const forced = adviceFor(
      tile({
        circuit: {
          ...tile().circuit,
          state: "FORCED_OPEN",
          forced: true,
          unavailableReason: "An administrator has stopped all calls to Stripe.",
        },
      }),
      NOW,
    );
    expect(forced).toMatchObject({ level: "down", headline: "Stopped by an administrator" });
  });
});
