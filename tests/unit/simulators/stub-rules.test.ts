import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { EndpointRateLimits } from "@/simulators/sendgrid/rate-limit";
import { checkSendgridAuth } from "@/simulators/sendgrid/auth";
import { checkStripeAuth } from "@/simulators/stripe/auth";
import { randomId } from "../../support/factories";

describe("Stripe and SendGrid stub rules", () => {
  it("Stripe accepts test secret keys by Bearer or Basic auth, and masks a refused key", () => {
    const key = randomId("sk_test_");
    expect(checkStripeAuth({ authorization: `Bearer ${key}` })).toBeNull();
    expect(
      checkStripeAuth({ authorization: `Basic ${Buffer.from(`${key}:`).toString("base64")}` }),
    ).toBeNull();
    expect(checkStripeAuth({})?.status).toBe(401);
    const live = randomId("sk_live_");
    const refused = checkStripeAuth({ authorization: `Bearer ${live}` });
    expect(refused?.status).toBe(401);
    expect(JSON.stringify(refused?.body)).toContain(`sk_live_********${live.slice(-4)}`);
    expect(JSON.stringify(refused?.body)).not.toContain(live);
  });

  it("SendGrid accepts SG. keys by Bearer auth only", () => {
    expect(
      checkSendgridAuth({ authorization: `Bearer SG.${randomId()}.${randomId()}` }),
    ).toBeNull();
    for (const authorization of [undefined, "Bearer nope", `Basic SG.${randomId()}`, "SG.x.y"]) {
      const headers: Record<string, string> = authorization ? { authorization } : {};
      expect(checkSendgridAuth(headers)?.status, authorization).toBe(401);
    }
  });

  it("counts requests per endpoint and window, and resets at the window's end", () => {
    const limit = randomInt(2, 10);
    const limits = new EndpointRateLimits(limit, 60_000);
    const start = 1_800_000_020_000;
    const taken = Array.from({ length: limit + 1 }, () => limits.take("GET /v3/scopes", start));
    expect(taken.map((take) => take.allowed)).toEqual([
      ...Array.from({ length: limit }, () => true),
      false,
    ]);
    expect(taken.map((take) => take.headers["x-ratelimit-remaining"])).toEqual([
      ...Array.from({ length: limit }, (_, n) => String(limit - n - 1)),
      "0",
    ]);
    expect(taken[0]?.headers["x-ratelimit-reset"]).toBe(String(1_800_000_060));
    expect(limits.take("POST /v3/mail/send", start).allowed).toBe(true);
    expect(limits.take("GET /v3/scopes", 1_800_000_060_000).headers["x-ratelimit-remaining"]).toBe(
      String(limit - 1),
    );
  });
});
