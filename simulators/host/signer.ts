/**
 * How a simulator signs its webhook deliveries, the way its real provider does. The host hands
 * the signer one delivery (the exact body, which may carry several events, and the time of the
 * attempt) and sends the headers it returns. Examples of schemes that fit:
 * - Standard Webhooks: HMAC-SHA256 of `id.timestamp.body` in `webhook-signature`.
 * - Stripe: HMAC-SHA256 of `timestamp.body` in `Stripe-Signature: t=…,v1=…`.
 * - SendGrid: ECDSA P-256 over `timestamp + body` in `X-Twilio-Email-Event-Webhook-Signature`
 *   and `…-Timestamp`, for a body that is a JSON array of events.
 */
export interface SignInput {
  /** Stable across retries and duplicates of the same delivery. */
  deliveryId: string;
  /** The request body exactly as sent. */
  body: string;
  /** When this attempt is signed; every retry is signed afresh. */
  timestamp: Date;
}

export interface WebhookSigner {
  /** A short name of the scheme, shown by `npm run simulators`. */
  readonly scheme: string;
  /** The secret or private key this signer was made from; the same value recreates it. */
  readonly secret: string;
  /** What the app needs to verify: the shared secret, or the public key for asymmetric schemes. */
  readonly verificationKey: string;
  sign(input: SignInput): Record<string, string>;
  /** Headers shaped like sign()'s whose signature the app's verifier must reject. */
  forge(input: SignInput): Record<string, string>;
}

/** Makes a simulator's signer: from a given secret, or with a newly generated one. */
export type SignerFactory = (secret?: string) => WebhookSigner;

/** A pluggable slot whose provider-specific signature comes with a later change. */
export class SignerNotImplementedError extends Error {
  constructor(scheme: string) {
    super(`${scheme} webhook signing is not implemented yet in this simulator`);
    this.name = "SignerNotImplementedError";
  }
}
