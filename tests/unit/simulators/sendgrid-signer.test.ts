import { EventWebhook } from "@sendgrid/eventwebhook";
import { describe, expect, it } from "vitest";
import { planDeliveries } from "@/simulators/host/webhooks/plan";
import {
  createSendgridSigner,
  generateSendgridSigningKey,
  sendgridSimulator,
  type SendgridEvent,
} from "@/simulators/sendgrid";
import { randomEmail, randomId } from "../../support/factories";

function events(n: number): SendgridEvent[] {
  return Array.from({ length: n }, () => {
    const id = randomId();
    return {
      id,
      type: "delivered",
      payload: {
        email: randomEmail(),
        timestamp: Math.floor(Date.now() / 1000),
        event: "delivered",
        sg_event_id: id,
        sg_message_id: `${randomId()}.filterdrecv-1.0`,
      },
    };
  });
}

describe("the SendGrid simulator's signer", () => {
  const helper = new EventWebhook();

  it("signs a batch exactly as SendGrid does: SendGrid's own helper verifies it", () => {
    const signer = createSendgridSigner(generateSendgridSigningKey());
    const [delivery] = planDeliveries(events(100), sendgridSimulator.webhooks);
    if (!delivery) throw new Error("no delivery");
    const body = sendgridSimulator.webhooks.encode(delivery.events);
    const headers = signer.sign({ deliveryId: delivery.deliveryId, body, timestamp: new Date() });
    const key = helper.convertPublicKeyToECDSA(signer.verificationKey);
    expect(delivery.events).toHaveLength(100);
    expect(
      helper.verifySignature(
        key,
        body,
        headers["x-twilio-email-event-webhook-signature"] ?? "",
        headers["x-twilio-email-event-webhook-timestamp"] ?? "",
      ),
    ).toBe(true);
    expect(headers["x-twilio-email-event-webhook-timestamp"]).toMatch(/^\d{10}$/);
  });

  it("forges with another key, which the helper rejects", () => {
    const signer = createSendgridSigner();
    const body = sendgridSimulator.webhooks.encode(events(3));
    const forged = signer.forge({ deliveryId: "d", body, timestamp: new Date() });
    expect(
      helper.verifySignature(
        helper.convertPublicKeyToECDSA(signer.verificationKey),
        body,
        forged["x-twilio-email-event-webhook-signature"] ?? "",
        forged["x-twilio-email-event-webhook-timestamp"] ?? "",
      ),
    ).toBe(false);
  });

  it("is recreated from its secret, and refuses a key that is not P-256", () => {
    const signer = createSendgridSigner();
    expect(createSendgridSigner(signer.secret).verificationKey).toBe(signer.verificationKey);
    expect(() => createSendgridSigner(Buffer.from("not a key").toString("base64"))).toThrow();
  });
});
