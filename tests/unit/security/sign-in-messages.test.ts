import { describe, expect, it } from "vitest";
import { rejectionCode } from "@/lib/auth/sign-in";
import { progressiveDelaySeconds, SIGN_IN_LIMITS } from "@/lib/auth/sign-in-limits";

describe("what the sign-in form is told when it is refused", () => {
  it("calls the short wait after a few mistyped passwords a wait of seconds, not a block", () => {
    for (let failures = 1; failures <= SIGN_IN_LIMITS.perPair; failures++) {
      const retryAfterSeconds = progressiveDelaySeconds(failures);
      expect(rejectionCode({ reason: "throttled", retryAfterSeconds })).toBe("retry_soon");
    }
  });

  it("says blocked when the wait is minutes, or unknown", () => {
    const minutes = 60 + Math.floor(Math.random() * 14 * 60);
    expect(rejectionCode({ reason: "throttled", retryAfterSeconds: minutes })).toBe("throttled");
    expect(rejectionCode({ reason: "throttled" })).toBe("throttled");
  });

  it("passes other refusals through", () => {
    expect(rejectionCode({ reason: "invalid_credentials" })).toBe("invalid_credentials");
    expect(rejectionCode({ reason: "invalid_input", retryAfterSeconds: 1 })).toBe("invalid_input");
  });
});
