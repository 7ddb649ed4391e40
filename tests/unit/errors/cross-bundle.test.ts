import { describe, expect, it, vi } from "vitest";

/**
 * Next.js runs instrumentation (the job runner) and route handlers from separate bundles, each
 * with its own copy of lib/errors and the core, while the integration core and provider modules
 * are shared through globalThis. A fresh module registry reproduces the second copy.
 */
async function twoCopies<T>(load: () => Promise<T>): Promise<[T, T]> {
  const first = await load();
  vi.resetModules();
  const second = await load();
  return [first, second];
}

describe("errors made by another bundle's copy of their class", () => {
  it("are still AppErrors, and map to their own status instead of a 500", async () => {
    const [mine, theirs] = await twoCopies(() => import("@/lib/errors"));
    expect(mine.AppError).not.toBe(theirs.AppError);
    const error = new theirs.AppError("PROVIDER_UNAVAILABLE", "Stripe is having problems.");
    expect(error instanceof mine.AppError).toBe(false);
    expect(mine.isAppError(error)).toBe(true);
    expect(mine.isAppError(new Error("plain"))).toBe(false);
    expect(mine.isAppError({ code: "NOT_FOUND", userMessage: "forged" })).toBe(false);
  });

  it("are still IntegrationErrors", async () => {
    const [mine, theirs] = await twoCopies(() => import("@/lib/integrations/core/errors"));
    const error = new theirs.IntegrationError("PROVIDER_UNAVAILABLE", "Stripe is down.", {
      provider: "stripe",
      kind: "http",
      retryable: true,
      httpStatus: 503,
    });
    expect(error instanceof mine.IntegrationError).toBe(false);
    expect(mine.isIntegrationError(error)).toBe(true);
    expect(mine.isIntegrationError(new Error("plain"))).toBe(false);
  });

  it("are still webhook rejections and invalid payloads", async () => {
    const [mine, theirs] = await twoCopies(() => import("@/lib/integrations/providers/types"));
    expect(mine.isWebhookRejection(new theirs.WebhookRejection("bad signature"))).toBe(true);
    expect(mine.isInvalidEventPayload(new theirs.InvalidEventPayload(["data: missing"]))).toBe(
      true,
    );
    expect(mine.isWebhookRejection(new theirs.InvalidEventPayload(["x"]))).toBe(false);
    expect(mine.isInvalidEventPayload(new Error("plain"))).toBe(false);
  });
});
