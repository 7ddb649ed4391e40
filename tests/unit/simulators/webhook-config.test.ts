import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  applyConfigPatch,
  DEFAULT_WEBHOOK_CONFIG,
  retryDelayMs,
  webhookConfigPatchSchema,
} from "@/simulators/host/webhooks/config";

describe("webhook delivery settings", () => {
  it("doubles the retry wait per attempt, up to the maximum", () => {
    const baseDelayMs = randomInt(10, 1_000);
    const maxDelayMs = baseDelayMs * 5;
    const policy = { maxAttempts: 10, baseDelayMs, maxDelayMs };
    expect([1, 2, 3, 4, 5].map((attempts) => retryDelayMs(policy, attempts))).toEqual([
      baseDelayMs,
      2 * baseDelayMs,
      4 * baseDelayMs,
      maxDelayMs,
      maxDelayMs,
    ]);
  });

  it("changes only what a patch names, retry fields one by one, and can clear the target", () => {
    const maxAttempts = randomInt(1, 20);
    const withTarget = applyConfigPatch(DEFAULT_WEBHOOK_CONFIG, {
      targetUrl: "http://127.0.0.1:3000/hook",
      retry: { maxAttempts },
    });
    expect(withTarget).toEqual({
      ...DEFAULT_WEBHOOK_CONFIG,
      targetUrl: "http://127.0.0.1:3000/hook",
      retry: { ...DEFAULT_WEBHOOK_CONFIG.retry, maxAttempts },
    });
    expect(applyConfigPatch(withTarget, { shuffle: true }).targetUrl).toBe(withTarget.targetUrl);
    expect(applyConfigPatch(withTarget, { targetUrl: null }).targetUrl).toBeNull();
  });

  it("accepts patches over HTTP only with sane values", () => {
    expect(
      webhookConfigPatchSchema.safeParse({ targetUrl: "http://localhost:3000/x" }).success,
    ).toBe(true);
    for (const invalid of [
      { targetUrl: "ftp://example.com" },
      { duplicateRate: 1.5 },
      { concurrency: 0 },
      { retry: { maxAttempts: 0 } },
      { colour: "red" },
    ]) {
      expect(webhookConfigPatchSchema.safeParse(invalid).success, JSON.stringify(invalid)).toBe(
        false,
      );
    }
  });
});
