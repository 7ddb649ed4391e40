import { describe, expect, it } from "vitest";
import { parseStripeError, readStripeErrorCode } from "@/lib/integrations/providers/stripe/errors";

describe("Stripe's error shape", () => {
  it("keeps type, code and decline code together in the core's one provider code", () => {
    const said = parseStripeError({
      error: {
        type: "card_error",
        code: "card_declined",
        decline_code: "insufficient_funds",
        message: "Your card has insufficient funds.",
      },
    });
    expect(said).toEqual({
      code: "card_error/card_declined/insufficient_funds",
      message: "Your card has insufficient funds.",
    });
    expect(readStripeErrorCode(said.code)).toEqual({
      type: "card_error",
      code: "card_declined",
      declineCode: "insufficient_funds",
    });
  });

  it("reads errors with fewer parts, and anything else as nothing", () => {
    expect(parseStripeError({ error: { type: "api_error", message: "boom" } })).toEqual({
      code: "api_error",
      message: "boom",
    });
    expect(
      parseStripeError({ error: { type: "invalid_request_error", code: "amount_too_large" } }).code,
    ).toBe("invalid_request_error/amount_too_large");
    expect(parseStripeError({ ok: true })).toEqual({});
    expect(parseStripeError("<html>502</html>")).toEqual({});
    expect(readStripeErrorCode(undefined)).toEqual({});
  });
});
