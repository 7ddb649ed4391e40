import { createHmac } from "node:crypto";
import { randomId } from "../host/ids";
import type { SignInput, WebhookSigner } from "../host/signer";

/**
 * Stripe's webhook signature: `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "t.body">`, keyed with the whole `whsec_…` secret. Every attempt is signed afresh, with its own
 * time. A forged delivery is signed the same way with another secret.
 */
export const STRIPE_SIGNATURE_SCHEME = "stripe-signature (HMAC-SHA256)";

export function generateStripeWebhookSecret(): string {
  return randomId("whsec_", 32);
}

function header(secret: string, { body, timestamp }: SignInput): Record<string, string> {
  const t = Math.floor(timestamp.getTime() / 1000);
  const v1 = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return { "stripe-signature": `t=${t},v1=${v1}` };
}

export function createStripeSigner(secret = generateStripeWebhookSecret()): WebhookSigner {
  if (!secret.startsWith("whsec_")) throw new Error("a Stripe webhook secret starts with whsec_");
  return {
    scheme: STRIPE_SIGNATURE_SCHEME,
    secret,
    verificationKey: secret,
    sign: (input) => header(secret, input),
    forge: (input) => header(generateStripeWebhookSecret(), input),
  };
}
