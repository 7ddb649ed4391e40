import { createHmac, createPublicKey, createVerify, createSign, randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type SignInput, type WebhookSigner } from "@/simulators/host/signer";
import { planDeliveries } from "@/simulators/host/webhooks/plan";
import type { SendgridEvent } from "@/simulators/sendgrid";
import {
  createSendgridSigner,
  generateSendgridSigningKey,
  sendgridSimulator,
} from "@/simulators/sendgrid";
import { createStripeSigner, generateStripeWebhookSecret } from "@/simulators/stripe";
import { randomEmail, randomId } from "../../support/factories";

// The host's signer interface must carry both real schemes that the slots will hold: Stripe's
// HMAC over "t.body" and SendGrid's ECDSA over "timestamp + body" of a batch. These sketches
// sign through the interface and verify the way each provider's documentation says.

function stripeStyle(secret: string): WebhookSigner {
  const header = (key: string, { body, timestamp }: SignInput) => {
    const t = Math.floor(timestamp.getTime() / 1000);
    const v1 = createHmac("sha256", key).update(`${t}.${body}`).digest("hex");
    return { "stripe-signature": `t=${t},v1=${v1}` };
  };
  return {
    scheme: "stripe-signature",
    secret,
    verificationKey: secret,
    sign: (input) => header(secret, input),
    forge: (input) => header(generateStripeWebhookSecret(), input),
  };
}

function sendgridStyle(privateKeyDer: string): WebhookSigner {
  const base = createSendgridSigner(privateKeyDer);
  const header = (key: string, { body, timestamp }: SignInput) => {
    const t = String(Math.floor(timestamp.getTime() / 1000));
    const signature = createSign("sha256")
      .update(t + body)
      .sign({ key: Buffer.from(key, "base64"), format: "der", type: "pkcs8" })
      .toString("base64");
    return {
      "x-twilio-email-event-webhook-signature": signature,
      "x-twilio-email-event-webhook-timestamp": t,
    };
  };
  return {
    scheme: base.scheme,
    secret: base.secret,
    verificationKey: base.verificationKey,
    sign: (input) => header(privateKeyDer, input),
    forge: (input) => header(generateSendgridSigningKey(), input),
  };
}

describe("signer slots for Stripe and SendGrid", () => {
  it("carries Stripe's t=…,v1=… HMAC scheme", () => {
    const signer = stripeStyle(generateStripeWebhookSecret());
    const body = JSON.stringify({ id: randomId("evt_"), object: "event" });
    const input = { deliveryId: randomId("evt_"), body, timestamp: new Date() };
    const verify = (headers: Record<string, string>) => {
      const parts = new Map(
        (headers["stripe-signature"] ?? "").split(",").map((part) => {
          const [key = "", value = ""] = part.split("=");
          return [key, value] as const;
        }),
      );
      const expected = createHmac("sha256", signer.verificationKey)
        .update(`${parts.get("t") ?? ""}.${body}`)
        .digest("hex");
      return parts.get("v1") === expected;
    };
    expect(verify(signer.sign(input))).toBe(true);
    expect(verify(signer.forge(input))).toBe(false);
  });

  it("carries SendGrid's ECDSA scheme over a batch of events in one delivery", () => {
    const signer = sendgridStyle(generateSendgridSigningKey());
    const events: SendgridEvent[] = Array.from({ length: randomInt(3, 12) }, () => {
      const id = randomId();
      return {
        id,
        type: "delivered",
        payload: {
          email: randomEmail(),
          timestamp: Math.floor(Date.now() / 1000),
          event: "delivered",
          sg_event_id: id,
          sg_message_id: randomId("msg-"),
        },
      };
    });
    const [delivery] = planDeliveries(events, sendgridSimulator.webhooks);
    if (!delivery) throw new Error("no delivery");
    const body = sendgridSimulator.webhooks.encode(delivery.events);
    const input = { deliveryId: delivery.deliveryId, body, timestamp: new Date() };
    const publicKey = createPublicKey({
      key: Buffer.from(signer.verificationKey, "base64"),
      format: "der",
      type: "spki",
    });
    const verify = (headers: Record<string, string>) =>
      createVerify("sha256")
        .update((headers["x-twilio-email-event-webhook-timestamp"] ?? "") + body)
        .verify(publicKey, headers["x-twilio-email-event-webhook-signature"] ?? "", "base64");

    expect(delivery.events).toHaveLength(events.length);
    expect(JSON.parse(body)).toEqual(events.map((event) => event.payload));
    expect(verify(signer.sign(input))).toBe(true);
    expect(verify(signer.forge(input))).toBe(false);
  });

  it("gives both real signers key material of the provider's own kind to print", () => {
    // Both slots are filled now (tests/unit/payments and tests/unit/simulators/sendgrid-signer).
    const stripe = createStripeSigner();
    const sendgrid = createSendgridSigner();
    expect(stripe.secret).toMatch(/^whsec_[A-Za-z0-9]{32}$/);
    expect(
      createPublicKey({
        key: Buffer.from(sendgrid.verificationKey, "base64"),
        format: "der",
        type: "spki",
      }).asymmetricKeyDetails?.namedCurve,
    ).toBe("prime256v1");
    expect(createSendgridSigner(sendgrid.secret).verificationKey).toBe(sendgrid.verificationKey);
    expect(() => createStripeSigner("sk_test_nope")).toThrow(/whsec_/);
  });
});
