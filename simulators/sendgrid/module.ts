import { randomId } from "../host/ids";
import type { SimRequest, SimResponse, SimulatorContext, SimulatorModule } from "../host/module";
import { checkSendgridAuth } from "./auth";
import { sendgridError } from "./errors";
import { SendgridLedger, type SendgridEvent } from "./ledger";
import { createSendgridSigner } from "./signer";

/** What a full-access key could do; enough for the console's connection check. */
const SCOPES = [
  "mail.send",
  "mail.batch.read",
  "messages.read",
  "scopes.read",
  "stats.read",
  "suppression.read",
  "suppression.create",
  "suppression.delete",
  "user.profile.read",
  "user.webhooks.event.settings.read",
];

function answer(request: SimRequest, context: SimulatorContext<SendgridLedger>): SimResponse {
  const denied = checkSendgridAuth(request.headers);
  if (denied) return denied;
  const limit = context.ledger.rateLimits.take(`${request.method} ${request.path}`, context.now());
  if (!limit.allowed) return sendgridError(429, "too many requests", { headers: limit.headers });
  const response =
    request.method === "GET" && request.path === "/v3/scopes"
      ? { status: 200, body: { scopes: SCOPES } }
      : sendgridError(404, "resource not found");
  return { ...response, headers: { ...response.headers, ...limit.headers } };
}

/**
 * SendGrid v3: API-key auth, SendGrid's error shape, per-endpoint X-RateLimit-* headers, and
 * GET /v3/scopes as the connection check. Mail endpoints come with the email work. Its webhook
 * batches several events per delivery, as the Event Webhook does.
 */
export function createSendgridModule(
  options: { rateLimitPerMinute?: number } = {},
): SimulatorModule<SendgridEvent, SendgridLedger> {
  return {
    name: "sendgrid",
    displayName: "SendGrid",
    createLedger: () => new SendgridLedger(options.rateLimitPerMinute),
    handle: answer,
    webhooks: {
      createSigner: createSendgridSigner,
      encode: (events) => JSON.stringify(events.map((event) => event.payload)),
      maxEventsPerDelivery: 100,
      batchWindowMs: 1_000,
      fabricate(like) {
        const id = randomId("", 22);
        return { ...like, id, payload: { ...like.payload, sg_event_id: id } };
      },
    },
  };
}

export const sendgridSimulator = createSendgridModule();
