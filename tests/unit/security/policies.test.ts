import { describe, expect, it } from "vitest";
import { passwordProblem } from "@/lib/auth/password-policy";
import { needsTouch, sessionEnd, sessionExpiry } from "@/lib/auth/session-policy";
import { progressiveDelaySeconds, SIGN_IN_LIMITS, signInDecision } from "@/lib/auth/sign-in-limits";
import { parseEnv } from "@/lib/env";

describe("passwords (ASVS 5.0 V6.2)", () => {
  it.each([
    [" ".repeat(12), "whitespace"],
    ["\t\n".repeat(8), "whitespace"],
    ["short", "too_short"],
    ["x".repeat(201), "too_long"],
    ["password1234", "common"],
    ["qwerty123456", "common"],
    ["!!Summer2024!!", "common"],
    ["aaaaaaaaaaaa", "common"],
    ["abcabcabcabc", "common"],
    ["integrations2026", "common"],
  ])("refuses %j (%s)", (password, problem) => {
    expect(passwordProblem(password)).toBe(problem);
  });
  it("refuses the user's own email name", () => {
    expect(passwordProblem("margaret.hamilton!", { email: "margaret.hamilton@example.com" })).toBe(
      "common",
    );
  });
  it.each([
    "correct horse battery staple",
    "Zoë räknar 7 äpplen",
    "t7#Kq!mZ2$wLp9",
    "  spaces kept  around  ",
  ])("accepts %j unchanged", (password) => {
    expect(passwordProblem(password)).toBeNull();
  });
});

describe("session ends", () => {
  const signedIn = new Date("2026-03-01T08:00:00Z");
  const session = (lastSeen: Date, revokedAt: Date | null = null) => ({
    expiresAt: sessionExpiry(signedIn, 8),
    lastSeenAt: lastSeen,
    revokedAt,
  });
  const at = (minutes: number) => new Date(signedIn.getTime() + minutes * 60_000);

  it("ends at the absolute lifetime however recently it was used", () => {
    expect(sessionEnd(session(at(479)), { now: at(479.5), idleMinutes: 30 })).toBeNull();
    expect(sessionEnd(session(at(479)), { now: at(480), idleMinutes: 30 })).toBe("session_expired");
  });
  it("ends after the idle timeout", () => {
    expect(sessionEnd(session(at(10)), { now: at(39), idleMinutes: 30 })).toBeNull();
    expect(sessionEnd(session(at(10)), { now: at(40), idleMinutes: 30 })).toBe("session_idle");
  });
  it("ends when revoked", () => {
    expect(sessionEnd(session(at(1), at(2)), { now: at(3), idleMinutes: 30 })).toBe(
      "session_revoked",
    );
  });
  it("touches the record at most once a minute", () => {
    expect(needsTouch(session(at(10)), at(10.5))).toBe(false);
    expect(needsTouch(session(at(10)), at(11))).toBe(true);
  });
  it("takes its limits from the environment, with the issue's defaults", () => {
    expect(parseEnv({})).toMatchObject({ SESSION_MAX_HOURS: 8, SESSION_IDLE_MINUTES: 30 });
    expect(() => parseEnv({ SESSION_IDLE_MINUTES: "0" })).toThrow(/SESSION_IDLE_MINUTES/);
  });
});

describe("sign-in limits", () => {
  const none = { failures: 0, msBeforeReset: 0 };
  const base = { pair: none, address: none, account: none, delayMs: 0, knownAddress: false };

  it("delays each pair progressively: 1, 2, 4 … seconds, capped", () => {
    expect([0, 1, 2, 3, 4, 5, 10].map(progressiveDelaySeconds)).toEqual([
      0,
      1,
      2,
      4,
      8,
      16,
      SIGN_IN_LIMITS.maxDelaySeconds,
    ]);
  });
  it("blocks an address after its own failures, not the account", () => {
    expect(signInDecision({ ...base, pair: { failures: 5, msBeforeReset: 60_000 } })).toMatchObject(
      { allowed: false, limit: "pair", retryAfterSeconds: 60 },
    );
    expect(
      signInDecision({ ...base, address: { failures: 30, msBeforeReset: 1000 } }),
    ).toMatchObject({ allowed: false, limit: "address" });
    expect(signInDecision({ ...base, delayMs: 1500 })).toMatchObject({
      allowed: false,
      limit: "delay",
      retryAfterSeconds: 2,
    });
  });
  it("past the account limit, refuses new addresses but lets the user's known address in", () => {
    const attacked = { ...base, account: { failures: 500, msBeforeReset: 600_000 } };
    expect(signInDecision(attacked)).toMatchObject({ allowed: false, limit: "account" });
    expect(signInDecision({ ...attacked, knownAddress: true })).toEqual({ allowed: true });
  });
});
