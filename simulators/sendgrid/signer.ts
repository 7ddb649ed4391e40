import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  type KeyObject,
} from "node:crypto";
import type { SignInput, WebhookSigner } from "../host/signer";

/**
 * SendGrid's Signed Event Webhook: an ECDSA P-256 signature (SHA-256, DER, base64) over the
 * timestamp followed by the exact body, in `X-Twilio-Email-Event-Webhook-Signature`, with the
 * timestamp (unix seconds) in `X-Twilio-Email-Event-Webhook-Timestamp`. The body is a JSON array
 * of events. The app verifies with the public key as SendGrid shows it: base64 DER
 * SubjectPublicKeyInfo. A forged delivery is signed with another key.
 */
export const SENDGRID_SIGNATURE_SCHEME = "sendgrid-signed-event-webhook (ECDSA P-256)";
export const SIGNATURE_HEADER = "x-twilio-email-event-webhook-signature";
export const TIMESTAMP_HEADER = "x-twilio-email-event-webhook-timestamp";

/** A new signing key: the private key as base64 DER (PKCS#8), the form `secret` takes. */
export function generateSendgridSigningKey(): string {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  return privateKey.export({ format: "der", type: "pkcs8" }).toString("base64");
}

function privateKeyOf(secret: string): KeyObject {
  const key = createPrivateKey({
    key: Buffer.from(secret, "base64"),
    format: "der",
    type: "pkcs8",
  });
  if (key.asymmetricKeyDetails?.namedCurve !== "prime256v1") {
    throw new Error("a SendGrid signing key is an ECDSA P-256 private key (base64 DER, PKCS#8)");
  }
  return key;
}

/** The two headers SendGrid sends with a body signed at `timestamp` (unix seconds, as text). */
export function signSendgridPayload(
  secret: string | KeyObject,
  body: string | Buffer,
  timestamp: string,
): Record<string, string> {
  const key = typeof secret === "string" ? privateKeyOf(secret) : secret;
  const signature = sign("sha256", Buffer.concat([Buffer.from(timestamp), Buffer.from(body)]), key);
  return { [SIGNATURE_HEADER]: signature.toString("base64"), [TIMESTAMP_HEADER]: timestamp };
}

export function createSendgridSigner(secret = generateSendgridSigningKey()): WebhookSigner {
  const privateKey = privateKeyOf(secret);
  const publicKey = createPublicKey(privateKey)
    .export({ format: "der", type: "spki" })
    .toString("base64");
  // One other key for every forgery of this signer: generating a key pair per forged delivery
  // would cost more than the delivery.
  let forger: KeyObject | null = null;
  const unixSeconds = (input: SignInput) => String(Math.floor(input.timestamp.getTime() / 1000));
  return {
    scheme: SENDGRID_SIGNATURE_SCHEME,
    secret,
    verificationKey: publicKey,
    sign: (input) => signSendgridPayload(privateKey, input.body, unixSeconds(input)),
    forge(input) {
      forger ??= privateKeyOf(generateSendgridSigningKey());
      return signSendgridPayload(forger, input.body, unixSeconds(input));
    },
  };
}
