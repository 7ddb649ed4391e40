import { createPublicKey } from "node:crypto";
import { z } from "zod";
import { optionalHttpUrl, optionalString } from "@/lib/env-fields";

/** A public key as SendGrid shows it: base64 DER SubjectPublicKeyInfo of an ECDSA P-256 key. */
const p256PublicKey = z.string().refine((value) => {
  try {
    const key = createPublicKey({ key: Buffer.from(value, "base64"), format: "der", type: "spki" });
    return key.asymmetricKeyDetails?.namedCurve === "prime256v1";
  } catch {
    return false;
  }
}, "must be the ECDSA P-256 public key from SendGrid's signed event webhook settings (base64)");

/** SendGrid's environment variables. Without an API key the console runs SendGrid's simulator. */
export const sendgridSettings = z.object({
  SENDGRID_API_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^SG\.[\w-]+\.[\w-]+$/, "must look like SG.xxx.yyy")
      .optional(),
  ),
  /** The signed event webhook's public key: always honoured when set. */
  SENDGRID_WEBHOOK_PUBLIC_KEY: optionalString.pipe(p256PublicKey.optional()),
  /**
   * Set by `npm start` to the key of the simulator it runs. Honoured only while sending is
   * simulated (no API key), beside SENDGRID_WEBHOOK_PUBLIC_KEY: real signed events can be tried
   * against a console whose sending is simulated, and a live console trusts only its own key.
   */
  SENDGRID_SIMULATOR_PUBLIC_KEY: optionalString.pipe(p256PublicKey.optional()),
  /** Another host for the SDK: the simulator. */
  SENDGRID_API_BASE: optionalHttpUrl,
  /** The sender of every email: a verified Sender Identity of the SendGrid account. */
  SENDGRID_FROM_EMAIL: optionalString.pipe(
    z.email({ message: "must be an email address" }).default("no-reply@example.com"),
  ),
  SENDGRID_FROM_NAME: optionalString.pipe(z.string().max(100).optional()),
  /**
   * How long a send cut off mid-call (a crash, a lost answer) waits for SendGrid's `processed`
   * or `dropped` events, which prove it was accepted, before it is sent again.
   */
  SENDGRID_EVENT_WAIT_SECONDS: optionalString.pipe(
    z
      .string()
      .regex(/^\d+$/, "must be a whole number of seconds")
      .transform(Number)
      .pipe(z.number().max(86_400, "must be at most 86400 (a day)"))
      .default(900),
  ),
});

export type SendgridSettings = z.infer<typeof sendgridSettings>;

/** The public keys whose signatures the event webhook accepts. */
export function webhookPublicKeys(settings: SendgridSettings): string[] {
  const keys = [settings.SENDGRID_WEBHOOK_PUBLIC_KEY];
  if (!settings.SENDGRID_API_KEY) keys.push(settings.SENDGRID_SIMULATOR_PUBLIC_KEY);
  return [...new Set(keys.filter((key): key is string => key !== undefined))];
}
