import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

async function checkerWith(token: string | undefined) {
  vi.stubEnv("METRICS_TOKEN", token ?? "");
  vi.resetModules();
  return (await import("@/lib/http/metrics-token")).hasMetricsToken;
}

const bearer = (value: string) => new Headers({ authorization: value });

describe("the METRICS_TOKEN bearer check", () => {
  const token = randomBytes(24).toString("base64url");

  it("accepts exactly the configured token, whatever the case of 'Bearer'", async () => {
    const hasMetricsToken = await checkerWith(token);
    expect(hasMetricsToken(bearer(`Bearer ${token}`))).toBe(true);
    expect(hasMetricsToken(bearer(`bearer ${token}`))).toBe(true);
  });

  it.each([
    ["a different token of the same length", (t: string) => `Bearer ${t.slice(0, -1)}!`],
    ["a prefix of the token", (t: string) => `Bearer ${t.slice(0, 20)}`],
    ["the token with more after it", (t: string) => `Bearer ${t}x`],
    ["the token without a scheme", (t: string) => t],
    ["another scheme", (t: string) => `Basic ${t}`],
    ["two tokens", (t: string) => `Bearer ${t} ${t}`],
    ["an empty bearer", () => "Bearer "],
  ])("refuses %s", async (_label, header) => {
    const hasMetricsToken = await checkerWith(token);
    expect(hasMetricsToken(bearer(header(token)))).toBe(false);
  });

  it("refuses everything, even an empty or 'undefined' bearer, when no token is configured", async () => {
    const hasMetricsToken = await checkerWith(undefined);
    expect(hasMetricsToken(new Headers())).toBe(false);
    expect(hasMetricsToken(bearer("Bearer "))).toBe(false);
    expect(hasMetricsToken(bearer("Bearer undefined"))).toBe(false);
  });

  it("makes a token shorter than 32 characters a start-up error naming the variable", () => {
    expect(() => parseEnv({ METRICS_TOKEN: "x".repeat(31) })).toThrow(EnvError);
    try {
      parseEnv({ METRICS_TOKEN: "x".repeat(31) });
    } catch (error) {
      expect(error instanceof EnvError && error.problems.join("\n")).toMatch(
        /METRICS_TOKEN: must be at least 32 characters/,
      );
    }
    expect(parseEnv({ METRICS_TOKEN: "x".repeat(32) }).METRICS_TOKEN).toBe("x".repeat(32));
  });
});
