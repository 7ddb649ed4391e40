import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startSendgridSimulator, type SendgridSimulator } from "@/simulators/sendgrid";
import { startStripeSimulator, type StripeSimulator } from "@/simulators/stripe";
import { randomId } from "../../support/factories";
import { call } from "./support/http";

const stripeErrorSchema = z.object({
  error: z.object({ type: z.string(), message: z.string(), code: z.string().optional() }).strict(),
});
const sendgridErrorSchema = z.object({
  errors: z
    .array(z.object({ message: z.string(), field: z.string().nullable(), help: z.null() }).strict())
    .min(1),
});

describe("Stripe simulator stub", () => {
  let sim: StripeSimulator;
  const key = () => ({ authorization: `Bearer ${randomId("sk_test_")}` });

  beforeAll(async () => {
    sim = await startStripeSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  it("serves the balance as a connection check, with a Request-Id", async () => {
    const response = await call(`${sim.url}/v1/balance`, "GET", { headers: key() });
    expect(response.status).toBe(200);
    expect(response.headers.get("request-id")).toMatch(/^req_[A-Za-z0-9]{14}$/);
    expect(response.body).toMatchObject({
      object: "balance",
      livemode: false,
      available: [{ amount: 0, currency: "usd" }],
      pending: [{ amount: 0, currency: "usd" }],
    });
  });

  it("refuses a missing or non-test key with 401 in Stripe's shape", async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${randomId("sk_live_")}` },
      { authorization: "Bearer nope" },
    ];
    for (const headers of attempts) {
      const response = await call(`${sim.url}/v1/balance`, "GET", { headers });
      expect(response.status).toBe(401);
      expect(stripeErrorSchema.parse(response.body).error.type).toBe("invalid_request_error");
      expect(response.headers.get("request-id")).toMatch(/^req_/);
    }
  });

  it("answers an unknown URL with resource_missing naming the method and path", async () => {
    const path = `/v1/${randomId("charges_")}`;
    const response = await call(`${sim.url}${path}`, "POST", { headers: key(), body: {} });
    expect(response.status).toBe(404);
    const { error } = stripeErrorSchema.parse(response.body);
    expect(error).toMatchObject({ type: "invalid_request_error", code: "resource_missing" });
    expect(error.message).toMatch(new RegExp(`^Unrecognized request URL \\(POST: ${path}\\)\\.`));
  });

  it("takes faults through the same host", async () => {
    sim.faults.script([{ status: 500, body: { error: { type: "api_error", message: "boom" } } }]);
    const response = await call(`${sim.url}/v1/balance`, "GET", { headers: key() });
    expect(response).toMatchObject({ status: 500, body: { error: { type: "api_error" } } });
    expect((await call(`${sim.url}/v1/balance`, "GET", { headers: key() })).status).toBe(200);
  });
});

describe("SendGrid simulator stub", () => {
  let sim: SendgridSimulator;
  const limit = randomInt(3, 8);
  const stoppedAt = Date.now();
  const key = () => ({ authorization: `Bearer SG.${randomId()}.${randomId()}` });

  beforeAll(async () => {
    // A stopped clock: the whole test falls in one rate-limit window.
    sim = await startSendgridSimulator({
      rateLimitPerMinute: limit,
      clock: { now: () => stoppedAt },
    });
  });
  afterAll(async () => {
    await sim.close();
  });

  it("serves scopes as a connection check, counting down X-RateLimit headers, then 429", async () => {
    const responses = [];
    for (let n = 0; n <= limit; n += 1)
      responses.push(await call(`${sim.url}/v3/scopes`, "GET", { headers: key() }));

    const ok = responses.slice(0, limit);
    expect(ok.every((response) => response.status === 200)).toBe(true);
    expect(z.object({ scopes: z.array(z.string()).min(1) }).parse(ok[0]?.body).scopes).toContain(
      "mail.send",
    );
    expect(ok.map((response) => response.headers.get("x-ratelimit-remaining"))).toEqual(
      Array.from({ length: limit }, (_, n) => String(limit - n - 1)),
    );
    expect(
      ok.every((response) => response.headers.get("x-ratelimit-limit") === String(limit)),
    ).toBe(true);
    expect(ok[0]?.headers.get("x-ratelimit-reset")).toBe(
      String((Math.floor(stoppedAt / 60_000) + 1) * 60),
    );
    const limited = responses[limit];
    expect(limited?.status).toBe(429);
    expect(sendgridErrorSchema.parse(limited?.body).errors[0]?.message).toBe("too many requests");
    expect(limited?.headers.get("x-ratelimit-remaining")).toBe("0");
  });

  it("refuses requests without an SG. key, and answers unknown paths in SendGrid's shape", async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${randomId("sk_test_")}` },
    ];
    for (const headers of attempts) {
      const response = await call(`${sim.url}/v3/scopes`, "GET", { headers });
      expect(response.status).toBe(401);
      sendgridErrorSchema.parse(response.body);
    }
    const unknown = await call(`${sim.url}/v3/${randomId("things-")}`, "GET", { headers: key() });
    expect(unknown.status).toBe(404);
    expect(sendgridErrorSchema.parse(unknown.body).errors[0]).toEqual({
      message: "resource not found",
      field: null,
      help: null,
    });
    expect(unknown.headers.get("x-ratelimit-limit")).toBe(String(limit));
  });

  it("has a P-256 public key to hand the app, and its control endpoints", async () => {
    const info = await call(`${sim.url}/__simulator`, "GET");
    expect(info).toMatchObject({
      status: 200,
      body: {
        name: "sendgrid",
        webhooks: { verificationKey: sim.webhooks.signer.verificationKey },
      },
    });
    expect(sim.webhooks.signer.scheme).toMatch(/ECDSA P-256/);
  });
});
