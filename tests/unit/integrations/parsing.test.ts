import { describe, expect, it } from "vitest";
import { DEFAULT_HEADERS } from "@/lib/integrations/core/config";
import { codeForProviderStatus } from "@/lib/integrations/core/outcome";
import { parseGenericError as extractProviderError } from "@/lib/integrations/providers/generic/errors";
import { readQuotaHeaders } from "@/lib/integrations/core/quota";
import { sanitizeBody, sanitizePath } from "@/lib/integrations/core/sanitize";
import { randomEmail } from "../../support/factories";

describe("quota headers", () => {
  const now = Date.parse("2026-05-01T00:00:00Z");

  it("reads SendGrid-style limits with an epoch reset", () => {
    const headers = new Headers({
      "X-RateLimit-Limit": "600",
      "X-RateLimit-Remaining": "12",
      "X-RateLimit-Reset": "1777593660",
    });
    expect(readQuotaHeaders(headers, DEFAULT_HEADERS, now)).toEqual({
      limit: 600,
      remaining: 12,
      resetAt: 1777593660_000,
    });
  });

  it("reads a reset given in seconds from now", () => {
    const headers = new Headers({ "X-RateLimit-Remaining": "3", "X-RateLimit-Reset": "30" });
    expect(readQuotaHeaders(headers, DEFAULT_HEADERS, now)).toEqual({
      remaining: 3,
      resetAt: now + 30_000,
    });
  });

  it("ignores absent or garbage values", () => {
    expect(readQuotaHeaders(new Headers(), DEFAULT_HEADERS, now)).toBeUndefined();
    expect(
      readQuotaHeaders(new Headers({ "X-RateLimit-Limit": "lots" }), DEFAULT_HEADERS, now),
    ).toBeUndefined();
  });
});

describe("provider errors", () => {
  it("understands Stripe, SendGrid and generic error bodies", () => {
    expect(
      extractProviderError({
        error: { code: "card_declined", message: "Your card was declined." },
      }),
    ).toEqual({
      code: "card_declined",
      message: "Your card was declined.",
    });
    expect(
      extractProviderError({ errors: [{ message: "too many requests", field: null }] }),
    ).toEqual({
      message: "too many requests",
    });
    expect(extractProviderError({ code: 20404, message: "Not found" })).toEqual({
      code: "20404",
      message: "Not found",
    });
    expect(extractProviderError("<html>oops</html>")).toEqual({});
  });

  it("maps provider statuses to console error codes", () => {
    expect([400, 401, 402, 404, 409, 422, 429, 500, 503].map(codeForProviderStatus)).toEqual([
      "BAD_REQUEST",
      "PROVIDER_ERROR",
      "BAD_REQUEST",
      "NOT_FOUND",
      "CONFLICT",
      "BAD_REQUEST",
      "RATE_LIMITED",
      "PROVIDER_UNAVAILABLE",
      "PROVIDER_UNAVAILABLE",
    ]);
  });
});

describe("stored payloads", () => {
  it("redacts secrets, masks e-mails and bounds size", () => {
    const email = randomEmail();
    const stored = JSON.stringify(
      sanitizeBody(
        JSON.stringify({
          email,
          password: "hunter2-hunter2",
          nested: { api_key: "k-123" },
          note: "sk_live_abcdef",
        }),
      ),
    );
    expect(stored).not.toContain(email);
    expect(stored).toContain(`${email[0]}***@`);
    expect(stored).not.toContain("hunter2");
    expect(stored).not.toContain("k-123");
    expect(stored).not.toContain("sk_live_abcdef");
    const huge = sanitizeBody({ blob: "x".repeat(50_000) });
    expect(JSON.stringify(huge).length).toBeLessThan(5_000);
  });

  it("blanks secret query parameters in stored paths", () => {
    const path = sanitizePath("/v3/mail?api_key=abc123&to=someone@example.com&limit=5");
    expect(path).not.toContain("abc123");
    expect(path).not.toContain("someone@");
    expect(path).toContain("limit=5");
  });
});
