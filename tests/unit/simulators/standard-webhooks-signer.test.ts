import { randomInt } from "node:crypto";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import {
  createStandardWebhookSigner,
  generateStandardWebhookSecret,
} from "@/simulators/generic/signer";
import { randomId } from "../../support/factories";

function payload() {
  return JSON.stringify({
    id: randomId("evt_"),
    type: "object.updated",
    data: { object: { id: randomId("obj_"), version: randomInt(1, 50) } },
  });
}

describe("Standard Webhooks signer of the generic simulator", () => {
  it("signs so that the reference library verifies the delivery and returns its payload", () => {
    const signer = createStandardWebhookSigner();
    const body = payload();
    const deliveryId = randomId("evt_");
    const timestamp = new Date();

    const headers = signer.sign({ deliveryId, body, timestamp });

    expect(headers["webhook-id"]).toBe(deliveryId);
    expect(headers["webhook-timestamp"]).toBe(String(Math.floor(timestamp.getTime() / 1000)));
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(signer.verificationKey).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it("generates whsec_ secrets of 32 random bytes, and signs with a given one", () => {
    const secret = generateStandardWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(secret.slice("whsec_".length), "base64")).toHaveLength(32);
    expect(generateStandardWebhookSecret()).not.toBe(secret);

    const signer = createStandardWebhookSigner(secret);
    const body = payload();
    const headers = signer.sign({ deliveryId: randomId("evt_"), body, timestamp: new Date() });
    expect(signer.secret).toBe(secret);
    expect(() => new Webhook(secret).verify(body, headers)).not.toThrow();
    expect(() => createStandardWebhookSigner("not-a-secret")).toThrow(/whsec_/);
  });

  it("forges well-formed headers that the reference library rejects", () => {
    const signer = createStandardWebhookSigner();
    const body = payload();
    const input = { deliveryId: randomId("evt_"), body, timestamp: new Date() };

    const forged = signer.forge(input);

    expect(Object.keys(forged).sort()).toEqual(Object.keys(signer.sign(input)).sort());
    expect(forged["webhook-id"]).toBe(input.deliveryId);
    expect(() => new Webhook(signer.verificationKey).verify(body, forged)).toThrow(
      WebhookVerificationError,
    );
  });

  it("signs a repeated delivery afresh under the same webhook-id, and both verify", () => {
    const signer = createStandardWebhookSigner();
    const body = payload();
    const deliveryId = randomId("evt_");
    const first = signer.sign({ deliveryId, body, timestamp: new Date(Date.now() - 60_000) });
    const repeat = signer.sign({ deliveryId, body, timestamp: new Date() });

    expect(repeat["webhook-id"]).toBe(first["webhook-id"]);
    expect(repeat["webhook-signature"]).not.toBe(first["webhook-signature"]);
    const webhook = new Webhook(signer.verificationKey);
    expect(() => webhook.verify(body, first)).not.toThrow();
    expect(() => webhook.verify(body, repeat)).not.toThrow();
  });

  it("binds the signature to the body: a changed body fails", () => {
    const signer = createStandardWebhookSigner();
    const body = payload();
    const headers = signer.sign({ deliveryId: randomId("evt_"), body, timestamp: new Date() });
    expect(() => new Webhook(signer.verificationKey).verify(`${body} `, headers)).toThrow(
      WebhookVerificationError,
    );
  });
});
