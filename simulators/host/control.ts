import { z } from "zod";
import { describeScript, faultRequestSchema, toFaultRequest } from "./fault-schema";
import type { FaultScripts } from "./faults";
import type { Collection, Identified, SimEvent } from "./ledger";
import type { SimRequest, SimResponse } from "./module";
import type { RequestLog } from "./received";
import { json, parseJsonBody } from "./responses";
import { matchRoute, route, type RouteParams } from "./router";
import { describeIssues } from "./validation";
import { webhookConfigPatchSchema } from "./webhooks/config";
import type { WebhookDispatcher } from "./webhooks/dispatcher";

/** The reserved prefix of the host's own endpoints; never recorded, never faulted. */
export const CONTROL_PREFIX = "/__simulator";

/** What the control endpoints read of a ledger, whatever its event type. */
export interface LedgerView {
  collectionNames(): string[];
  lookup(name: string): Collection<Identified> | undefined;
  snapshot(): unknown;
  readonly events: { all(): readonly SimEvent[]; get(id: string): SimEvent | undefined };
}

export interface ControlTarget {
  name: string;
  displayName: string;
  url: () => string;
  ledger: LedgerView;
  faults: FaultScripts;
  requests: RequestLog;
  webhooks: WebhookDispatcher<SimEvent>;
  reset: () => void;
}

type Handler = (
  request: SimRequest,
  params: RouteParams,
  target: ControlTarget,
) => SimResponse | Promise<SimResponse>;

export function controlError(status: number, code: string, message: string): SimResponse {
  return json(status, { error: { code, message } });
}

function parseBody<S extends z.ZodType>(
  request: SimRequest,
  schema: S,
): { ok: true; value: z.infer<S> } | { ok: false; response: SimResponse } {
  const parsed = parseJsonBody(request.body);
  if (!parsed.ok) return { ok: false, response: controlError(400, "invalid_json", parsed.message) };
  const result = schema.safeParse(parsed.value ?? {});
  if (!result.success) {
    return {
      ok: false,
      response: controlError(400, "validation_error", describeIssues(result.error)),
    };
  }
  return { ok: true, value: result.data };
}

const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
  starting_after: z.string().min(1).optional(),
});

const shareSchema = z.number().min(0).lt(1);
const sendSchema = z
  .object({
    eventIds: z.array(z.string().min(1)).optional(),
    duplicates: shareSchema.optional(),
    forged: shareSchema.optional(),
    shuffled: z.number().min(0).max(1).optional(),
    forgedFrom: z.enum(["fabricated", "copies"]).optional(),
    delayMs: z.number().int().min(0).max(3_600_000).optional(),
  })
  .strict()
  .refine((value) => (value.duplicates ?? 0) + (value.forged ?? 0) < 1, {
    message: "duplicates and forged together must be below 1",
  });

const forgeSchema = z
  .object({
    eventIds: z.array(z.string().min(1)).min(1),
    delayMs: z.number().int().min(0).max(3_600_000).optional(),
  })
  .strict();

function eventsById(target: ControlTarget, ids: readonly string[] | undefined) {
  if (ids === undefined) return { events: [...target.ledger.events.all()], unknown: [] };
  const events: SimEvent[] = [];
  const unknown: string[] = [];
  for (const id of ids) {
    const event = target.ledger.events.get(id);
    if (event) events.push(event);
    else unknown.push(id);
  }
  return { events, unknown };
}

function summarise(
  plan: { deliveryId: string; forged: boolean; duplicate: boolean; events: SimEvent[] }[],
) {
  return {
    deliveries: plan.length,
    genuine: plan.filter((delivery) => !delivery.forged && !delivery.duplicate).length,
    duplicates: plan.filter((delivery) => delivery.duplicate).length,
    forged: plan.filter((delivery) => delivery.forged).length,
    order: plan.map((delivery) => ({
      deliveryId: delivery.deliveryId,
      eventIds: delivery.events.map((event) => event.id),
      forged: delivery.forged,
      duplicate: delivery.duplicate,
    })),
  };
}

function webhookState(target: ControlTarget) {
  const { signer, settings } = target.webhooks;
  return {
    ...settings,
    scheme: signer.scheme,
    secret: signer.secret,
    verificationKey: signer.verificationKey,
    stats: target.webhooks.stats(),
  };
}

const routes = [
  route<Handler>("GET", "/", (_request, _params, target) =>
    json(200, {
      name: target.name,
      displayName: target.displayName,
      url: target.url(),
      collections: target.ledger.collectionNames(),
      webhooks: webhookState(target),
    }),
  ),
  route<Handler>("GET", "/ledger", (_request, _params, target) =>
    json(200, target.ledger.snapshot()),
  ),
  route<Handler>("GET", "/ledger/:collection", (request, params, target) => {
    const collection = target.ledger.lookup(params.collection ?? "");
    if (!collection) {
      return controlError(404, "not_found", `no collection ${params.collection ?? ""}`);
    }
    const query = pageQuerySchema.safeParse(Object.fromEntries(request.query));
    if (!query.success) return controlError(400, "validation_error", describeIssues(query.error));
    const page = collection.page({
      limit: query.data.limit,
      startingAfter: query.data.starting_after,
    });
    if ("unknownCursor" in page) {
      return controlError(
        400,
        "validation_error",
        `starting_after: no record ${page.unknownCursor}`,
      );
    }
    return json(200, page);
  }),
  route<Handler>("GET", "/ledger/:collection/:id", (_request, params, target) => {
    const record = target.ledger.lookup(params.collection ?? "")?.get(params.id ?? "");
    return record
      ? json(200, record)
      : controlError(404, "not_found", `no ${params.collection ?? ""} record ${params.id ?? ""}`);
  }),
  route<Handler>("GET", "/requests", (_request, _params, target) =>
    json(200, { data: target.requests.entries }),
  ),
  route<Handler>("DELETE", "/requests", (_request, _params, target) => {
    target.requests.clear();
    return json(200, { cleared: true });
  }),
  route<Handler>("GET", "/faults", (_request, _params, target) => {
    const { scripts, default: fallback } = target.faults.describe();
    return json(200, { scripts: scripts.map(describeScript), default: fallback });
  }),
  route<Handler>("POST", "/faults", (request, _params, target) => {
    const parsed = parseBody(request, faultRequestSchema);
    if (!parsed.ok) return parsed.response;
    const fault = toFaultRequest(parsed.value);
    if (fault.kind === "default") target.faults.setDefault(fault.step);
    else target.faults.script(fault.steps, fault.options);
    const { scripts, default: fallback } = target.faults.describe();
    return json(201, { scripts: scripts.map(describeScript), default: fallback });
  }),
  route<Handler>("DELETE", "/faults", (_request, _params, target) => {
    target.faults.reset();
    return json(200, { cleared: true });
  }),
  route<Handler>("GET", "/webhooks", (_request, _params, target) =>
    json(200, webhookState(target)),
  ),
  route<Handler>("PUT", "/webhooks", (request, _params, target) => {
    const parsed = parseBody(request, webhookConfigPatchSchema);
    if (!parsed.ok) return parsed.response;
    try {
      target.webhooks.configure(parsed.value);
    } catch (error) {
      return controlError(
        400,
        "invalid_secret",
        error instanceof Error ? error.message : String(error),
      );
    }
    return json(200, webhookState(target));
  }),
  route<Handler>("POST", "/webhooks/send", (request, _params, target) => {
    const parsed = parseBody(request, sendSchema);
    if (!parsed.ok) return parsed.response;
    const { eventIds, ...options } = parsed.value;
    const { events, unknown } = eventsById(target, eventIds);
    if (unknown.length)
      return controlError(404, "not_found", `unknown events: ${unknown.join(", ")}`);
    return json(202, summarise(target.webhooks.send(events, options)));
  }),
  route<Handler>("POST", "/webhooks/forge", (request, _params, target) => {
    const parsed = parseBody(request, forgeSchema);
    if (!parsed.ok) return parsed.response;
    const { events, unknown } = eventsById(target, parsed.value.eventIds);
    if (unknown.length)
      return controlError(404, "not_found", `unknown events: ${unknown.join(", ")}`);
    return json(202, summarise(target.webhooks.forge(events, { delayMs: parsed.value.delayMs })));
  }),
  route<Handler>("POST", "/webhooks/drain", async (request, _params, target) => {
    const timeout = z.coerce
      .number()
      .int()
      .min(1)
      .max(600_000)
      .default(30_000)
      .safeParse(request.query.get("timeout_ms") ?? undefined);
    if (!timeout.success)
      return controlError(400, "validation_error", describeIssues(timeout.error));
    let timer: NodeJS.Timeout | undefined;
    const drained = await Promise.race([
      target.webhooks.drain().then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeout.data);
      }),
    ]);
    clearTimeout(timer);
    return drained
      ? json(200, { drained: true, stats: target.webhooks.stats() })
      : json(504, {
          error: {
            code: "not_drained",
            message: `deliveries still pending after ${timeout.data} ms`,
          },
          stats: target.webhooks.stats(),
        });
  }),
  route<Handler>("GET", "/webhooks/log", (request, _params, target) => {
    const eventId = request.query.get("event_id");
    const data = eventId
      ? target.webhooks.log.filter((entry) => entry.eventIds.includes(eventId))
      : target.webhooks.log;
    return json(200, { data });
  }),
  route<Handler>("DELETE", "/webhooks/log", (_request, _params, target) => {
    target.webhooks.clearLog();
    return json(200, { cleared: true });
  }),
  route<Handler>("POST", "/reset", (_request, _params, target) => {
    target.reset();
    return json(200, { reset: true });
  }),
];

/** Answers a host control request, or returns undefined for the simulator's own control routes. */
export function handleControl(
  request: SimRequest,
  controlPath: string,
  target: ControlTarget,
): SimResponse | Promise<SimResponse> | undefined {
  const match = matchRoute(routes, request.method, controlPath);
  if (match.kind === "found") return match.handler(request, match.params, target);
  if (match.kind === "method-not-allowed") {
    return json(
      405,
      { error: { code: "method_not_allowed", message: `allowed: ${match.allowed.join(", ")}` } },
      { allow: match.allowed.join(", ") },
    );
  }
  return undefined;
}
