import type { SimResponse } from "../host/module";
import { stripeError } from "./errors";

const NO_KEY =
  "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.";

/** The key from `Bearer <key>`, or from Basic auth with the key as user name as curl -u sends it. */
function apiKey(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const [scheme, credentials = ""] = authorization.trim().split(/\s+/, 2);
  if (scheme?.toLowerCase() === "bearer") return credentials;
  if (scheme?.toLowerCase() === "basic") {
    return Buffer.from(credentials, "base64").toString("utf8").split(":")[0];
  }
  return undefined;
}

function masked(key: string): string {
  const underscore = key.lastIndexOf("_");
  const prefix = underscore === -1 ? "" : key.slice(0, underscore + 1);
  return `${prefix}${"*".repeat(Math.max(0, key.length - prefix.length - 4))}${key.slice(-4)}`;
}

/**
 * A test-mode secret key is the only kind this simulator accepts: a live key sent here means the
 * console is misconfigured, and Stripe answers an unknown key the same way.
 */
export function checkStripeAuth(headers: Record<string, string>): SimResponse | null {
  const key = apiKey(headers.authorization);
  const challenge = { "www-authenticate": 'Basic realm="Stripe"' };
  if (!key) return stripeError(401, { type: "invalid_request_error", message: NO_KEY }, challenge);
  if (!/^sk_test_[A-Za-z0-9_]+$/.test(key)) {
    return stripeError(
      401,
      { type: "invalid_request_error", message: `Invalid API Key provided: ${masked(key)}` },
      challenge,
    );
  }
  return null;
}
