import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  fullJitterBound,
  fullJitterDelay,
  isRetryableStatus,
  mayRepeat,
  parseRetryAfter,
  readRetryHint,
} from "@/lib/integrations/core/retry-rules";

describe("retry rules", () => {
  it("retries 408, 429 and 5xx (not 501), and no other status without a hint", () => {
    for (let status = 200; status < 600; status++) {
      const expected = status === 408 || status === 429 || (status >= 500 && status !== 501);
      expect(isRetryableStatus(status, undefined), `status ${status}`).toBe(expected);
    }
  });

  it("retries a 409 only on a 'retry' hint, and nothing on a 'no-retry' hint", () => {
    expect(isRetryableStatus(409, undefined)).toBe(false);
    expect(isRetryableStatus(409, readRetryHint("true"))).toBe(true);
    expect(isRetryableStatus(400, readRetryHint("true"))).toBe(false);
    for (const status of [408, 409, 429, 500, 503])
      expect(isRetryableStatus(status, readRetryHint("false"))).toBe(false);
    expect(readRetryHint("maybe")).toBeUndefined();
  });

  it("repeats idempotent methods, and others only with an idempotency key", () => {
    for (const method of ["GET", "head", "PUT", "DELETE", "OPTIONS"])
      expect(mayRepeat(method, undefined)).toBe(true);
    for (const method of ["POST", "PATCH"]) {
      expect(mayRepeat(method, undefined)).toBe(false);
      expect(mayRepeat(method, "key-1")).toBe(true);
    }
  });

  it("reads Retry-After as seconds or as an HTTP-date", () => {
    const now = Date.parse("2026-03-01T12:00:00Z");
    const seconds = randomInt(1, 120);
    expect(parseRetryAfter(String(seconds), now)).toBe(seconds * 1000);
    expect(parseRetryAfter("1.5", now)).toBe(1500);
    expect(parseRetryAfter(new Date(now + seconds * 1000).toUTCString(), now)).toBe(seconds * 1000);
    expect(parseRetryAfter(new Date(now - 5000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it("draws full-jitter delays in [0, min(cap, base * 2^(n-1))]", () => {
    const base = randomInt(50, 500);
    const cap = base * 5;
    expect([1, 2, 3, 4].map((n) => fullJitterBound(n, base, cap))).toEqual([
      base,
      2 * base,
      4 * base,
      cap,
    ]);
    for (let n = 1; n <= 6; n++) {
      for (let sample = 0; sample < 200; sample++) {
        const delay = fullJitterDelay(n, base, cap);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(fullJitterBound(n, base, cap));
      }
      expect(fullJitterDelay(n, base, cap, () => 0)).toBe(0);
    }
  });
});
