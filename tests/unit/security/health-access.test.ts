import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

async function withToken(token: string | undefined) {
  vi.stubEnv("METRICS_TOKEN", token ?? "");
  vi.resetModules();
  return import("@/lib/http/metrics-token");
}

describe("METRICS_TOKEN for the detailed health report", () => {
  it("opens the details only with the exact bearer token", async () => {
    const { hasMetricsToken } = await withToken("metrics-token-0123456789-abcdefghij");
    expect(
      hasMetricsToken(new Headers({ authorization: "Bearer metrics-token-0123456789-abcdefghij" })),
    ).toBe(true);
    expect(
      hasMetricsToken(new Headers({ authorization: "Bearer metrics-token-0123456789-abcdefghi" })),
    ).toBe(false);
    expect(
      hasMetricsToken(new Headers({ authorization: "metrics-token-0123456789-abcdefghij" })),
    ).toBe(false);
    expect(hasMetricsToken(new Headers())).toBe(false);
  });
  it("opens nothing when no token is configured", async () => {
    const { hasMetricsToken } = await withToken(undefined);
    expect(hasMetricsToken(new Headers({ authorization: "Bearer " }))).toBe(false);
    expect(hasMetricsToken(new Headers({ authorization: "Bearer undefined" }))).toBe(false);
  });
});

describe("the anonymous health answer", () => {
  it("says up or degraded and nothing else", async () => {
    const { anonymousHealth } = await import("@/lib/health/service");
    const report = {
      status: "degraded" as const,
      checkedAt: new Date().toISOString(),
      database: { status: "up" as const, kind: "postgresql" as const, latencyMs: 1 },
      providers: { stripe: { mode: "live" as const, circuit: "OPEN" } },
    };
    expect(anonymousHealth(report)).toEqual({ status: "degraded" });
    expect(anonymousHealth({ ...report, status: "ok" })).toEqual({ status: "up" });
  });
});
