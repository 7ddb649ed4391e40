import { z } from "zod";
import { WebhookRejection, type VerifiedEvent, type WebhookRequest } from "../../types";
import {
  computeSignature,
  parseSignatureHeader,
  signaturesEqual,
  SIGNATURE_TOLERANCE_SECONDS,
} from "./signature";

const envelope = z.object({
  id: z.string().min(1).max(255),
  object: z.literal("event"),
  type: z.string().min(1).max(200),
  created: z.number().int().min(0),
});

/**
 * Stripe-Signature over the exact bytes received: `t` within ±300 s of our clock in either
 * direction, and every `v1` in the header tried against every configured secret, so a secret can
 * be rotated (Stripe signs with both while the old one expires). `v0` alone is never enough.
 */
export function stripeVerifier(secrets: readonly string[]) {
  return (request: WebhookRequest): VerifiedEvent[] => {
    const header = request.headers.get("stripe-signature");
    if (!header) throw new WebhookRejection("missing Stripe-Signature header");
    const parsed = parseSignatureHeader(header);
    if (parsed.timestamp === null)
      throw new WebhookRejection("the Stripe-Signature header has no readable timestamp (t=)");
    if (parsed.v1.length === 0) {
      throw new WebhookRejection(
        parsed.others.length > 0
          ? `the Stripe-Signature header has no v1 signature (only ${parsed.others.join(", ")}, which is not accepted)`
          : "the Stripe-Signature header has no v1 signature",
      );
    }
    // Whole seconds, as Stripe counts them: exactly 300 s either way is still in time.
    const skew = Math.floor(request.receivedAt.getTime() / 1000) - parsed.timestamp;
    if (skew > SIGNATURE_TOLERANCE_SECONDS)
      throw new WebhookRejection(
        `timestamp is ${skew} s in the past (more than ${SIGNATURE_TOLERANCE_SECONDS} s): a stale or replayed delivery`,
      );
    if (skew < -SIGNATURE_TOLERANCE_SECONDS)
      throw new WebhookRejection(
        `timestamp is ${-skew} s in the future (more than ${SIGNATURE_TOLERANCE_SECONDS} s): check the sender's clock`,
      );
    if (secrets.length === 0) throw new WebhookRejection("no Stripe webhook secret is configured");
    const timestamp = parsed.timestamp;
    const matched = secrets.some((secret) => {
      const expected = computeSignature(secret, timestamp, request.rawBody);
      return parsed.v1.some((given) => signaturesEqual(expected, given));
    });
    if (!matched) {
      throw new WebhookRejection(
        "no v1 signature matches a configured secret (wrong secret, or the body was changed or re-serialised after signing)",
      );
    }
    const body = request.rawBody.toString("utf8");
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new WebhookRejection("the signed body is not JSON");
    }
    const event = envelope.safeParse(json);
    if (!event.success) throw new WebhookRejection("the signed body is not a Stripe event");
    return [
      {
        eventId: event.data.id,
        type: event.data.type,
        occurredAt: new Date(event.data.created * 1000),
        body,
      },
    ];
  };
}
