import { z } from "zod";
import type { SimRequest, SimResponse, SimulatorContext, SimulatorModule } from "../host/module";
import { parseJsonBody } from "../host/responses";
import { matchRoute, route } from "../host/router";
import { describeIssues } from "../host/validation";
import { checkSendgridAuth } from "./auth";
import { sendgridError } from "./errors";
import { newSgEventId } from "./ids";
import { SENDGRID_RATE_LIMIT_PER_MINUTE, SendgridLedger, type SendgridEvent } from "./ledger";
import { generateEvents, mailSend, type LifecycleOptions } from "./mail";
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
  "templates.read",
  "user.profile.read",
  "user.webhooks.event.settings.read",
];

export interface SendgridSimulatorOptions {
  /** Requests per window per endpoint before 429 (default 600, SendGrid's documented default). */
  rateLimitPerMinute?: number;
  /** The rate-limit window (default one minute); tests shorten it to see a reset. */
  rateLimitWindowMs?: number;
  /** Later events of accepted messages: emitted by themselves (default), and how fast. */
  lifecycle?: Partial<LifecycleOptions>;
}

type Context = SimulatorContext<SendgridLedger>;
type Handler = (
  request: SimRequest,
  context: Context,
  limit: { remaining: number; reset: number },
) => SimResponse;

const templatesQuery = z.object({
  generations: z.string().optional(),
  page_size: z.coerce.number().int().min(1).max(200),
});

function routes(lifecycle: LifecycleOptions) {
  return [
    route<Handler>("GET", "/v3/scopes", () => ({ status: 200, body: { scopes: SCOPES } })),
    route<Handler>("POST", "/v3/mail/send", (request, context, limit) =>
      mailSend(request, context, limit, lifecycle),
    ),
    route<Handler>("GET", "/v3/templates", (request, context) => {
      const query = templatesQuery.safeParse(Object.fromEntries(request.query));
      if (!query.success) {
        return sendgridError(400, "page_size should be an integer between 1 and 200", {
          field: "page_size",
        });
      }
      const generations = (query.data.generations ?? "legacy").split(",");
      const result = context.ledger.templates
        .all()
        .filter((template) => generations.includes(template.generation))
        .slice(0, query.data.page_size);
      return {
        status: 200,
        body: { result, _metadata: { self: request.path, count: result.length } },
      };
    }),
  ];
}

const generateSchema = z
  .object({
    n: z.number().int().min(1).max(1_000_000),
    /** false: log the events without delivering them, to send() them later with faults. */
    deliver: z.boolean().default(true),
  })
  .strict();

/**
 * SendGrid v3: API-key auth, SendGrid's error shape, per-endpoint X-RateLimit-* headers and 429s,
 * GET /v3/scopes (the connection check), GET /v3/templates and POST /v3/mail/send. Accepted
 * messages produce Event Webhook events, delivered in signed batches of up to 100.
 */
export function createSendgridModule(
  options: SendgridSimulatorOptions = {},
): SimulatorModule<SendgridEvent, SendgridLedger> {
  const lifecycle: LifecycleOptions = {
    auto: options.lifecycle?.auto ?? true,
    pace: options.lifecycle?.pace ?? 1,
  };
  const table = routes(lifecycle);
  return {
    name: "sendgrid",
    displayName: "SendGrid",
    createLedger: () =>
      new SendgridLedger({
        limit: options.rateLimitPerMinute ?? SENDGRID_RATE_LIMIT_PER_MINUTE,
        windowMs: options.rateLimitWindowMs ?? 60_000,
      }),
    handle(request, context) {
      const denied = checkSendgridAuth(request.headers);
      if (denied) return denied;
      const limit = context.ledger.rateLimits.take(
        `${request.method} ${request.path}`,
        context.now(),
      );
      if (!limit.allowed)
        return sendgridError(429, "too many requests", { headers: limit.headers });
      const match = matchRoute(table, request.method, request.path);
      const response =
        match.kind === "found"
          ? match.handler(request, context, {
              remaining: Number(limit.headers["x-ratelimit-remaining"]),
              reset: Number(limit.headers["x-ratelimit-reset"]),
            })
          : sendgridError(404, "resource not found");
      return { ...response, headers: { ...response.headers, ...limit.headers } };
    },
    webhooks: {
      createSigner: createSendgridSigner,
      encode: (events) => JSON.stringify(events.map((event) => event.payload)),
      maxEventsPerDelivery: 100,
      batchWindowMs: 1_000,
      fabricate(like) {
        const id = newSgEventId();
        return { ...like, id, payload: { ...like.payload, sg_event_id: id } };
      },
    },
    control(request, context) {
      if (request.method !== "POST" || request.controlPath !== "/events/generate") return undefined;
      const body = parseJsonBody(request.body);
      if (!body.ok) return sendgridError(400, body.message);
      const parsed = generateSchema.safeParse(body.value ?? {});
      if (!parsed.success) return sendgridError(400, describeIssues(parsed.error));
      const { n, deliver } = parsed.data;
      const run = () => generateEvents(context, n);
      const events = deliver ? run() : context.withoutAutoDelivery(run);
      return {
        status: 201,
        body: { count: events.length, eventIds: events.map((event) => event.id) },
      };
    },
  };
}

export const sendgridSimulator = createSendgridModule();
