import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { z } from "zod";
import { WebhookRejection, type VerifiedEvent, type WebhookRequest } from "../../types";

/** The envelope Standard Webhooks recommends: `{ type, timestamp, data }`. */
const envelope = z.object({
  type: z.string().min(1).max(200),
  timestamp: z.iso.datetime({ offset: true }).optional(),
});

function header(headers: Headers, name: string): string {
  return headers.get(name) ?? "";
}

/**
 * Standard Webhooks (standardwebhooks.com) signatures: HMAC-SHA256 over `id.timestamp.body`,
 * timestamps within five minutes either way, every `v1` signature in the header tried against
 * every secret (so a secret can be rotated). The event id is the `webhook-id` header, which a
 * provider keeps the same when it redelivers.
 */
export function standardWebhooksVerifier(secrets: readonly string[]) {
  const verifiers = secrets.map((secret) => new Webhook(secret));
  return (request: WebhookRequest): VerifiedEvent[] => {
    const headers = {
      "webhook-id": header(request.headers, "webhook-id"),
      "webhook-timestamp": header(request.headers, "webhook-timestamp"),
      "webhook-signature": header(request.headers, "webhook-signature"),
    };
    let reason = "no signing secret is configured";
    const verified = verifiers.some((verifier) => {
      try {
        verifier.verify(request.rawBody, headers, { jsonParse: false });
        return true;
      } catch (error) {
        reason =
          error instanceof WebhookVerificationError
            ? describe(error.message)
            : "signature check failed";
        return false;
      }
    });
    if (!verified) throw new WebhookRejection(reason);
    const body = request.rawBody.toString("utf8");
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new WebhookRejection("the signed body is not JSON");
    }
    const parsed = envelope.safeParse(json);
    if (!parsed.success) throw new WebhookRejection("the signed body has no event type");
    const eventId = headers["webhook-id"];
    if (eventId.length > 255) throw new WebhookRejection("the webhook-id header is too long");
    return [
      {
        eventId,
        type: parsed.data.type,
        occurredAt: parsed.data.timestamp ? new Date(parsed.data.timestamp) : null,
        body,
      },
    ];
  };
}

/** The library's messages, in words an operator reading the delivery log can act on. */
function describe(message: string): string {
  switch (message) {
    case "Missing required headers":
      return "missing webhook-id, webhook-timestamp or webhook-signature header";
    case "Message timestamp too old":
      return "timestamp more than 5 minutes in the past";
    case "Message timestamp too new":
      return "timestamp more than 5 minutes in the future";
    case "Invalid Signature Headers":
      return "unreadable webhook-timestamp header";
    case "No matching signature found":
      return "no signature matches a configured secret";
    default:
      return "signature check failed";
  }
}
