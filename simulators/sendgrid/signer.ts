import { createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import { SignerNotImplementedError, type WebhookSigner } from "../host/signer";

/**
 * Slot for SendGrid's Signed Event Webhook, implemented with the email work: an ECDSA P-256
 * signature (base64 DER) over `timestamp + body` in `X-Twilio-Email-Event-Webhook-Signature`,
 * the timestamp in `X-Twilio-Email-Event-Webhook-Timestamp`, the body a JSON array of events.
 * The app verifies with the public key (base64 DER SubjectPublicKeyInfo, as SendGrid shows it).
 * A forged delivery signs with another key. Until then the simulator has a key pair to print but
 * sends no SendGrid webhooks.
 */
export const SENDGRID_SIGNATURE_SCHEME = "sendgrid-signed-event-webhook (ECDSA P-256, pending)";

/** A new signing key: the private key as base64 DER (PKCS#8), the form `secret` takes. */
export function generateSendgridSigningKey(): string {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  return privateKey.export({ format: "der", type: "pkcs8" }).toString("base64");
}

export function createSendgridSigner(secret = generateSendgridSigningKey()): WebhookSigner {
  const privateKey = createPrivateKey({
    key: Buffer.from(secret, "base64"),
    format: "der",
    type: "pkcs8",
  });
  if (privateKey.asymmetricKeyDetails?.namedCurve !== "prime256v1") {
    throw new Error("a SendGrid signing key is an ECDSA P-256 private key (base64 DER, PKCS#8)");
  }
  const publicKey = createPublicKey(privateKey)
    .export({ format: "der", type: "spki" })
    .toString("base64");
  return {
    scheme: SENDGRID_SIGNATURE_SCHEME,
    secret,
    verificationKey: publicKey,
    sign() {
      throw new SignerNotImplementedError("SendGrid");
    },
    forge() {
      throw new SignerNotImplementedError("SendGrid");
    },
  };
}
