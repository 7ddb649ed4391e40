import { createHmac, timingSafeEqual } from "node:crypto";

/** Stripe's tolerance; unlike stripe-node's own check, it applies to timestamps in the future too. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export interface ParsedSignatureHeader {
  timestamp: number | null;
  v1: string[];
  /** Other schemes present (v0 is Stripe's test-mode-only legacy scheme); never accepted. */
  others: string[];
}

/** `t=1492774577,v1=5257a8…,v1=…,v0=…` */
export function parseSignatureHeader(header: string): ParsedSignatureHeader {
  const parsed: ParsedSignatureHeader = { timestamp: null, v1: [], others: [] };
  for (const part of header.split(",")) {
    const at = part.indexOf("=");
    if (at === -1) continue;
    const key = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (key === "t") parsed.timestamp = /^\d{1,12}$/.test(value) ? Number(value) : null;
    else if (key === "v1") parsed.v1.push(value);
    else parsed.others.push(key);
  }
  return parsed;
}

/** Hex HMAC-SHA256 of `timestamp.body`, keyed with the whole `whsec_…` secret as Stripe does. */
export function computeSignature(secret: string, timestamp: number, body: Buffer | string): string {
  return createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex");
}

export function signaturesEqual(expectedHex: string, givenHex: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(givenHex)) return false;
  const expected = Buffer.from(expectedHex, "hex");
  const given = Buffer.from(givenHex, "hex");
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** A `Stripe-Signature` value for `body`, one v1 per secret (as Stripe sends during a rotation). */
export function signatureHeader(
  secrets: readonly string[],
  timestamp: number,
  body: string,
): string {
  return [
    `t=${timestamp}`,
    ...secrets.map((secret) => `v1=${computeSignature(secret, timestamp, body)}`),
  ].join(",");
}
