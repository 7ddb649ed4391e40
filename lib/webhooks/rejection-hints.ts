/**
 * Plain-words explanations of why a delivery failed verification, and what to change so the next
 * one passes. Matched on the reasons the providers' verifiers give (lib/integrations/providers/*
 * /webhooks/verify.ts), which are worded for people; an unknown reason still gets a general hint.
 */
export type RejectionCause =
  | "clock-skew"
  | "signature-mismatch"
  | "missing-signature"
  | "no-secret"
  | "key-format"
  | "body-format"
  | "other";

export interface RejectionHint {
  cause: RejectionCause;
  title: string;
  fix: string;
}

const HINTS: { test: RegExp; hint: RejectionHint }[] = [
  {
    test: /no .*(secret|key) is configured|no signing secret/i,
    hint: {
      cause: "no-secret",
      title: "No webhook secret is configured for this provider",
      fix: "Set the provider's webhook signing secret in the environment (see the README's configuration table) and restart the console.",
    },
  },
  {
    test: /missing|no v1 signature|no readable|unreadable|header/i,
    hint: {
      cause: "missing-signature",
      title: "The signature headers did not arrive",
      fix: "A proxy or load balancer in front of the console may strip or rename headers: make it pass the provider's signature headers through unchanged. A request without them may also not come from the provider at all.",
    },
  },
  {
    test: /timestamp|too old|too new|in the past|in the future|stale/i,
    hint: {
      cause: "clock-skew",
      title: "The signature's timestamp is outside the 5-minute tolerance",
      fix: "Check that this server's clock and the sender's are synchronised (NTP). A delivery held up by a queue or a proxy for minutes, or replayed by someone else, is refused the same way: ask the provider to resend it.",
    },
  },
  {
    test: /public key|key format|not a valid (ecdsa|public)|\bpem\b/i,
    hint: {
      cause: "key-format",
      title: "No signature matches the configured public key",
      fix: "The key may be wrong, rotated, or in the wrong format: paste the provider's verification key exactly as shown in its dashboard (SendGrid: the base64 public key, without PEM header lines or line breaks) and restart the console. If the key is right, a proxy may have changed the body after it was signed.",
    },
  },
  {
    test: /no .*signature matches|signature|does not match|re-serialised|changed/i,
    hint: {
      cause: "signature-mismatch",
      title: "The signature does not match the body",
      fix: "Either the secret is wrong or was rotated (copy the current signing secret from the provider's dashboard; during a rotation keep both, comma-separated), or something between the provider and the console changed the body (a proxy that re-encodes JSON, decompresses or trims it). The signature is over the exact bytes sent.",
    },
  },
  {
    test: /not json|not a .*event|no event type|batch|NUL|too long|longer than/i,
    hint: {
      cause: "body-format",
      title: "The body is signed but is not an event the console understands",
      fix: "Check that the webhook endpoint is configured for the right provider and API version. If a proxy rewrites bodies, it may also have corrupted this one.",
    },
  },
];

const FALLBACK: RejectionHint = {
  cause: "other",
  title: "The delivery failed verification",
  fix: "Compare the provider's webhook settings (endpoint URL, signing secret, API version) with the console's configuration, then ask the provider to resend the event.",
};

export function rejectionHint(reason: string | null | undefined): RejectionHint {
  if (!reason) return FALLBACK;
  return HINTS.find((entry) => entry.test.test(reason))?.hint ?? FALLBACK;
}
