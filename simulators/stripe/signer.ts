import { randomId } from "../host/ids";
import { SignerNotImplementedError, type WebhookSigner } from "../host/signer";

/**
 * Slot for Stripe's webhook signature, implemented with the payments work:
 * `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" with the whsec_ secret>`
 * (one v1 per active secret during rotation). A forged delivery signs with another secret.
 * Until then the simulator has a secret to print but sends no Stripe webhooks.
 */
export const STRIPE_SIGNATURE_SCHEME = "stripe-signature (HMAC-SHA256, pending)";

export function generateStripeWebhookSecret(): string {
  return randomId("whsec_", 32);
}

export function createStripeSigner(secret = generateStripeWebhookSecret()): WebhookSigner {
  if (!secret.startsWith("whsec_")) throw new Error("a Stripe webhook secret starts with whsec_");
  return {
    scheme: STRIPE_SIGNATURE_SCHEME,
    secret,
    verificationKey: secret,
    sign() {
      throw new SignerNotImplementedError("Stripe");
    },
    forge() {
      throw new SignerNotImplementedError("Stripe");
    },
  };
}
