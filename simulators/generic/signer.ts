import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import type { WebhookSigner } from "../host/signer";

/**
 * Standard Webhooks (standardwebhooks.com): `webhook-id`, `webhook-timestamp` (unix seconds) and
 * `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, with a `whsec_<base64>`
 * secret, signed by the reference library the app verifies with.
 */
export const STANDARD_WEBHOOKS_SECRET_PREFIX = "whsec_";

/** A new signing secret: 32 random bytes, base64, with the whsec_ prefix. */
export function generateStandardWebhookSecret(): string {
  return `${STANDARD_WEBHOOKS_SECRET_PREFIX}${randomBytes(32).toString("base64")}`;
}

function assertSecret(secret: string): void {
  const key = secret.startsWith(STANDARD_WEBHOOKS_SECRET_PREFIX)
    ? secret.slice(STANDARD_WEBHOOKS_SECRET_PREFIX.length)
    : secret;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key) || Buffer.from(key, "base64").length < 16) {
    throw new Error("a Standard Webhooks secret is whsec_ and at least 16 bytes in base64");
  }
}

export function createStandardWebhookSigner(
  secret = generateStandardWebhookSecret(),
): WebhookSigner {
  assertSecret(secret);
  const webhook = new Webhook(secret);
  const headers = (
    signer: Webhook,
    input: { deliveryId: string; body: string; timestamp: Date },
  ) => ({
    "webhook-id": input.deliveryId,
    "webhook-timestamp": String(Math.floor(input.timestamp.getTime() / 1000)),
    "webhook-signature": signer.sign(input.deliveryId, input.timestamp, input.body),
  });
  return {
    scheme: "standard-webhooks (HMAC-SHA256)",
    secret,
    verificationKey: secret,
    sign: (input) => headers(webhook, input),
    // Signed with another key: well-formed, so only the signature check can reject it.
    forge: (input) => headers(new Webhook(generateStandardWebhookSecret()), input),
  };
}
