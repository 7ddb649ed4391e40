import type { z } from "zod";
import { requestFingerprint } from "../host/idempotency";
import { randomId } from "../host/ids";
import type { Page } from "../host/ledger";
import type { SimRequest, SimResponse, SimulatorContext } from "../host/module";
import { parseJsonBody } from "../host/responses";
import { matchRoute, route, type RouteParams } from "../host/router";
import { describeIssues } from "../host/validation";
import { genericError } from "./errors";
import type { GenericLedger, GenericObject } from "./ledger";
import {
  createObjectSchema,
  listEventsQuerySchema,
  listObjectsQuerySchema,
  updateObjectSchema,
} from "./schemas";

type Context = SimulatorContext<GenericLedger>;
type Handler = (
  request: SimRequest,
  params: RouteParams,
  context: Context,
) => SimResponse | Promise<SimResponse>;

function parse<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; value: z.infer<S> } | { ok: false; response: SimResponse } {
  const result = schema.safeParse(input);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, response: genericError(400, "validation_error", describeIssues(result.error)) };
}

function parseBody<S extends z.ZodType>(request: SimRequest, schema: S) {
  const body = parseJsonBody(request.body);
  if (!body.ok) {
    return { ok: false as const, response: genericError(400, "invalid_json", body.message) };
  }
  return parse(schema, body.value ?? {});
}

function ok(status: number, body: unknown): SimResponse {
  return { status, body };
}

function listResponse<T>(page: Page<T>): SimResponse {
  if ("unknownCursor" in page) {
    return genericError(
      400,
      "validation_error",
      `starting_after: no such id ${page.unknownCursor}`,
    );
  }
  return ok(200, { data: page.data, hasMore: page.hasMore });
}

/**
 * Writes run through the idempotency store: a retry with the same Idempotency-Key and the same
 * parameters gets the first answer and changes nothing.
 */
async function idempotent(
  request: SimRequest,
  context: Context,
  params: unknown,
  produce: () => SimResponse,
): Promise<SimResponse> {
  const key = request.headers["idempotency-key"];
  const { response, replayed } = await context.idempotency.run(
    key,
    requestFingerprint(request.method, request.path, params),
    produce,
    {
      mismatch: () =>
        genericError(
          409,
          "idempotency_key_reused",
          `Idempotency-Key ${key ?? ""} was used with other parameters`,
        ),
      inFlight: () =>
        genericError(
          409,
          "idempotency_key_in_use",
          `a request with Idempotency-Key ${key ?? ""} is still running`,
        ),
    },
  );
  return replayed
    ? { ...response, headers: { ...response.headers, "idempotent-replayed": "true" } }
    : response;
}

function findObject(
  context: Context,
  params: RouteParams,
): { ok: true; object: GenericObject } | { ok: false; response: SimResponse } {
  const id = params.id ?? "";
  const object = context.ledger.objects.get(id);
  return object
    ? { ok: true, object }
    : { ok: false, response: genericError(404, "not_found", `no object ${id}`) };
}

function liveObject(context: Context, params: RouteParams) {
  const found = findObject(context, params);
  if (found.ok && found.object.deleted) {
    return {
      ok: false as const,
      response: genericError(409, "object_deleted", `object ${found.object.id} is deleted`),
    };
  }
  return found;
}

const routes = [
  route<Handler>("POST", "/v1/objects", (request, _params, context) => {
    const body = parseBody(request, createObjectSchema);
    if (!body.ok) return body.response;
    return idempotent(request, context, body.value, () =>
      ok(201, context.ledger.create(body.value.type, body.value.attributes)),
    );
  }),
  route<Handler>("GET", "/v1/objects", (request, _params, context) => {
    const query = parse(listObjectsQuerySchema, Object.fromEntries(request.query));
    if (!query.ok) return query.response;
    const { limit, starting_after, type, include_deleted } = query.value;
    return listResponse(
      context.ledger.objects.page({
        limit,
        startingAfter: starting_after,
        filter: (object) =>
          (type === undefined || object.type === type) &&
          (include_deleted === "true" || !object.deleted),
      }),
    );
  }),
  route<Handler>("GET", "/v1/objects/:id", (_request, params, context) => {
    const found = findObject(context, params);
    return found.ok ? ok(200, found.object) : found.response;
  }),
  route<Handler>("PATCH", "/v1/objects/:id", (request, params, context) => {
    const body = parseBody(request, updateObjectSchema);
    if (!body.ok) return body.response;
    return idempotent(request, context, body.value, () => {
      const found = liveObject(context, params);
      if (!found.ok) return found.response;
      return ok(200, context.ledger.update(found.object, body.value.attributes));
    });
  }),
  route<Handler>("DELETE", "/v1/objects/:id", (request, params, context) =>
    idempotent(request, context, {}, () => {
      const found = liveObject(context, params);
      if (!found.ok) return found.response;
      return ok(200, context.ledger.remove(found.object));
    }),
  ),
  route<Handler>("GET", "/v1/events", (request, _params, context) => {
    const query = parse(listEventsQuerySchema, Object.fromEntries(request.query));
    if (!query.ok) return query.response;
    const { limit, starting_after, type } = query.value;
    return listResponse(
      context.ledger.events.page({
        limit,
        startingAfter: starting_after,
        filter: type === undefined ? undefined : (event) => event.type === type,
      }),
    );
  }),
  route<Handler>("GET", "/v1/events/:id", (_request, params, context) => {
    const event = context.ledger.events.get(params.id ?? "");
    return event ? ok(200, event) : genericError(404, "not_found", `no event ${params.id ?? ""}`);
  }),
];

/**
 * The generic REST provider: the object and event routes, and for any other path the fault
 * simulator's answer of old, 200 { ok: true, seq }, so any path can be scripted with faults.
 */
export function handleGenericRequest(
  request: SimRequest,
  context: Context,
): SimResponse | Promise<SimResponse> {
  if (!request.path.startsWith("/v1/objects") && !request.path.startsWith("/v1/events")) {
    return { status: 200, body: { ok: true, seq: request.seq } };
  }
  const match = matchRoute(routes, request.method, request.path);
  switch (match.kind) {
    case "found": {
      const response = match.handler(request, match.params, context);
      return response instanceof Promise ? response.then(withRequestId) : withRequestId(response);
    }
    case "method-not-allowed":
      return withRequestId(
        genericError(
          405,
          "method_not_allowed",
          `${request.method} is not allowed here; allowed: ${match.allowed.join(", ")}`,
          { allow: match.allowed.join(", ") },
        ),
      );
    case "none":
      return { status: 200, body: { ok: true, seq: request.seq } };
  }
}

function withRequestId(response: SimResponse): SimResponse {
  return { ...response, headers: { "x-request-id": randomId("req_", 14), ...response.headers } };
}
