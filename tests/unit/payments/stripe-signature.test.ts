import { randomBytes } from "node:crypto";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { WebhookRejection } from "@/lib/integrations/providers/types";
import { signatureHeader } from "@/lib/integrations/providers/stripe/webhooks/signature";
import { stripeVerifier } from "@/lib/integrations/providers/stripe/webhooks/verify";

const secret = () => `whsec_${randomBytes(24).toString("hex")}`;
// Not on a whole second: the tolerance must hold for any millisecond of the receiving second.
const NOW = new Date("2026-11-29T12:00:00.987Z");
const now = Math.floor(NOW.getTime() / 1000);

function event(id = `evt_${randomBytes(8).toString("hex")}`) {
  return JSON.stringify(
    {
      id,
      object: "event",
      type: "charge.succeeded",
      created: now - 5,
      data: { object: { id: "ch_1" } },
    },
    null,
    2,
  );
}

function request(body: string | Buffer, header: string | null) {
  const headers = new Headers({ "content-type": "application/json" });
  if (header !== null) headers.set("stripe-signature", header);
  return { rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body), headers, receivedAt: NOW };
}

function rejection(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof WebhookRejection) return error.reason;
    throw error;
  }
  throw new Error("expected a rejection");
}

describe("Stripe-Signature verification", () => {
  const current = secret();
  const verify = stripeVerifier([current]);

  it("accepts a delivery signed with the secret, and reads the event id, type and time", () => {
    const body = event("evt_ok");
    const [verified] = verify(request(body, signatureHeader([current], now, body)));
    expect(verified).toMatchObject({ eventId: "evt_ok", type: "charge.succeeded", body });
    expect(verified?.occurredAt?.getTime()).toBe((now - 5) * 1000);
  });

  it("accepts what stripe-node's own test helper signs", () => {
    const body = event();
    const header = Stripe.webhooks.generateTestHeaderString({
      payload: body,
      secret: current,
      timestamp: now,
    });
    expect(verify(request(body, header))).toHaveLength(1);
  });

  it("rejects the wrong secret", () => {
    const body = event();
    expect(rejection(() => verify(request(body, signatureHeader([secret()], now, body))))).toMatch(
      /no v1 signature matches/,
    );
  });

  it("rejects a body with one byte changed", () => {
    const body = event();
    const header = signatureHeader([current], now, body);
    const bytes = Buffer.from(body);
    bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] ?? 0) ^ 1;
    expect(rejection(() => verify(request(bytes, header)))).toMatch(/no v1 signature matches/);
  });

  it("rejects the same JSON re-serialised (a parsed body instead of the raw one)", () => {
    const body = event();
    const header = signatureHeader([current], now, body);
    const reserialised = JSON.stringify(JSON.parse(body));
    expect(reserialised).not.toBe(body);
    expect(rejection(() => verify(request(reserialised, header)))).toMatch(/re-serialised/);
  });

  it("rejects a timestamp 301 s in the past or in the future, and accepts 300 s either way", () => {
    const body = event();
    expect(
      rejection(() => verify(request(body, signatureHeader([current], now - 301, body)))),
    ).toMatch(/301 s in the past/);
    expect(
      rejection(() => verify(request(body, signatureHeader([current], now + 301, body)))),
    ).toMatch(/301 s in the future/);
    expect(verify(request(body, signatureHeader([current], now - 300, body)))).toHaveLength(1);
    expect(verify(request(body, signatureHeader([current], now + 300, body)))).toHaveLength(1);
  });

  it("rejects a missing header, and a header with only a v0 signature", () => {
    const body = event();
    expect(rejection(() => verify(request(body, null)))).toBe("missing Stripe-Signature header");
    const v1 = signatureHeader([current], now, body).split(",")[1]?.slice(3) ?? "";
    expect(rejection(() => verify(request(body, `t=${now},v0=${v1}`)))).toMatch(
      /no v1 signature \(only v0/,
    );
  });

  it("accepts a header carrying signatures from both the old and the new secret, with either configured", () => {
    const old = secret();
    const next = secret();
    const body = event();
    const header = signatureHeader([old, next], now, body);
    expect(stripeVerifier([next])(request(body, header))).toHaveLength(1);
    expect(stripeVerifier([old])(request(body, header))).toHaveLength(1);
    // During the rotation both are configured; a delivery signed by only the old one still passes.
    expect(
      stripeVerifier([next, old])(request(body, signatureHeader([old], now, body))),
    ).toHaveLength(1);
  });

  it("rejects an unreadable timestamp, a signed body that is not JSON, and one that is not an event", () => {
    const body = event();
    expect(rejection(() => verify(request(body, "t=soon,v1=abc")))).toMatch(/timestamp/);
    expect(
      rejection(() => verify(request("not json", signatureHeader([current], now, "not json")))),
    ).toMatch(/not JSON/);
    const other = JSON.stringify({ hello: "world" });
    expect(rejection(() => verify(request(other, signatureHeader([current], now, other))))).toMatch(
      /not a Stripe event/,
    );
  });

  it("rejects everything when no secret is configured", () => {
    const body = event();
    expect(
      rejection(() => stripeVerifier([])(request(body, signatureHeader([current], now, body)))),
    ).toMatch(/no Stripe webhook secret/);
  });
});
