import { requestFingerprint } from "../host/idempotency";
import type { SimRequest, SimResponse, SimulatorContext } from "../host/module";
import { matchRoute, route, type RouteParams } from "../host/router";
import { balanceObject } from "./balance";
import { SUPPORTED_CURRENCIES } from "./currencies";
import { stripeError, unrecognizedUrl } from "./errors";
import { parseForm, type FormObject, type FormValue } from "./form";
import type { StripeLedger } from "./ledger";
import { createCustomer, createPaymentIntent, createRefund, type Outcome } from "./operations";

type Context = SimulatorContext<StripeLedger>;
type Handler = (
  request: SimRequest,
  params: RouteParams,
  context: Context,
  requestId: string,
) => SimResponse | Promise<SimResponse>;

const invalid = (message: string, param?: string, code = "parameter_invalid_integer") =>
  stripeError(400, { type: "invalid_request_error", code, message, param });

function text(value: FormValue | undefined): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function metadataOf(form: FormObject): Record<string, string> {
  const metadata = form.metadata;
  if (typeof metadata !== "object") return {};
  return Object.fromEntries(
    Object.entries(metadata).filter(
      (entry): entry is [string, string] => typeof entry[1] === "string",
    ),
  );
}

function positiveInteger(
  form: FormObject,
  param: string,
): { ok: true; value: number | null } | { ok: false; response: SimResponse } {
  const raw = form[param];
  if (raw === undefined) return { ok: true, value: null };
  if (typeof raw !== "string" || !/^\d{1,12}$/.test(raw) || Number(raw) < 1) {
    return { ok: false, response: invalid(`Invalid positive integer`, param) };
  }
  return { ok: true, value: Number(raw) };
}

/**
 * Stripe's idempotency: the first request with a key runs and its answer is kept; the same key
 * with the same parameters gets that answer again (`Idempotent-Replayed: true`), with other
 * parameters an idempotency_error. Parameters that fail validation are answered before the key is
 * claimed, so no result is saved for them, as at Stripe.
 */
function idempotent(
  request: SimRequest,
  context: Context,
  form: FormObject,
  produce: () => SimResponse,
): SimResponse | Promise<SimResponse> {
  const key = request.headers["idempotency-key"];
  const run = context.idempotency.run(
    key,
    requestFingerprint(request.method, request.path, form),
    produce,
    {
      mismatch: () =>
        stripeError(400, {
          type: "idempotency_error",
          message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key ?? ""}' if you meant to execute a different request.`,
        }),
      inFlight: () =>
        stripeError(
          409,
          {
            type: "idempotency_error",
            code: "idempotency_key_in_use",
            message: `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${key ?? ""}. Please try again later.`,
          },
          { "stripe-should-retry": "true" },
        ),
    },
  );
  return run.then(({ response, replayed }) =>
    replayed
      ? { ...response, headers: { ...response.headers, "idempotent-replayed": "true" } }
      : response,
  );
}

function answer<T>(outcome: Outcome<T>): SimResponse {
  return outcome.ok ? { status: 200, body: outcome.value } : outcome.response;
}

function cause(request: SimRequest, requestId: string) {
  return { requestId, idempotencyKey: request.headers["idempotency-key"] };
}

function list<T>(data: T[], hasMore: boolean, url: string): SimResponse {
  return { status: 200, body: { object: "list", data, has_more: hasMore, url } };
}

function limitOf(request: SimRequest): number | SimResponse {
  const raw = request.query.get("limit");
  if (raw === null) return 10;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    return invalid(
      "Invalid integer: limit must be between 1 and 100",
      "limit",
      "parameter_invalid_integer",
    );
  }
  return limit;
}

const routes = [
  route<Handler>("GET", "/v1/balance", () => ({ status: 200, body: balanceObject() })),
  route<Handler>("POST", "/v1/customers", (request, _params, context, requestId) => {
    const form = parseForm(request.body);
    return idempotent(request, context, form, () => ({
      status: 200,
      body: createCustomer(
        context.ledger,
        { email: text(form.email), name: text(form.name), metadata: metadataOf(form) },
        cause(request, requestId),
      ),
    }));
  }),
  route<Handler>("GET", "/v1/customers/:id", (_request, params, context) => {
    const customer = context.ledger.customers.get(params.id ?? "");
    return customer
      ? { status: 200, body: customer }
      : stripeError(404, {
          type: "invalid_request_error",
          code: "resource_missing",
          param: "id",
          message: `No such customer: '${params.id ?? ""}'`,
        });
  }),
  route<Handler>("POST", "/v1/payment_intents", (request, _params, context, requestId) => {
    const form = parseForm(request.body);
    const amount = positiveInteger(form, "amount");
    if (!amount.ok) return amount.response;
    if (amount.value === null)
      return invalid("Missing required param: amount.", "amount", "parameter_missing");
    const currency = text(form.currency)?.toLowerCase() ?? "";
    if (!SUPPORTED_CURRENCIES.has(currency))
      return invalid(`Invalid currency: ${currency}.`, "currency", "parameter_invalid_string");
    const capture = text(form.capture_method) === "manual" ? "manual" : "automatic";
    const value = amount.value;
    return idempotent(request, context, form, () =>
      answer(
        createPaymentIntent(
          context.ledger,
          {
            amount: value,
            currency,
            customer: text(form.customer),
            paymentMethod: text(form.payment_method),
            confirm: text(form.confirm) === "true",
            captureMethod: capture,
            description: text(form.description),
            receiptEmail: text(form.receipt_email),
            metadata: metadataOf(form),
          },
          cause(request, requestId),
        ),
      ),
    );
  }),
  route<Handler>("GET", "/v1/payment_intents/:id", (_request, params, context) => {
    const intent = context.ledger.paymentIntents.get(params.id ?? "");
    return intent
      ? { status: 200, body: intent }
      : stripeError(404, {
          type: "invalid_request_error",
          code: "resource_missing",
          param: "intent",
          message: `No such payment_intent: '${params.id ?? ""}'`,
        });
  }),
  route<Handler>("GET", "/v1/charges/:id", (_request, params, context) => {
    const charge = context.ledger.charges.get(params.id ?? "");
    return charge
      ? { status: 200, body: charge }
      : stripeError(404, {
          type: "invalid_request_error",
          code: "resource_missing",
          param: "id",
          message: `No such charge: '${params.id ?? ""}'`,
        });
  }),
  route<Handler>("POST", "/v1/refunds", (request, _params, context, requestId) => {
    const form = parseForm(request.body);
    const amount = positiveInteger(form, "amount");
    if (!amount.ok) return amount.response;
    const charge = text(form.charge);
    if (!charge)
      return invalid(
        "One of the following params should be provided for this request: charge or payment_intent.",
        undefined,
        "parameter_missing",
      );
    const reason = text(form.reason);
    if (reason && !["duplicate", "fraudulent", "requested_by_customer"].includes(reason)) {
      return invalid(
        `Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer`,
        "reason",
        "parameter_invalid_string",
      );
    }
    const value = amount.value;
    return idempotent(request, context, form, () =>
      answer(
        createRefund(
          context.ledger,
          { charge, amount: value, reason, metadata: metadataOf(form) },
          cause(request, requestId),
        ),
      ),
    );
  }),
  route<Handler>("GET", "/v1/refunds", (request, _params, context) => {
    const limit = limitOf(request);
    if (typeof limit !== "number") return limit;
    const charge = request.query.get("charge");
    const data = context.ledger.refunds
      .all()
      .filter((refund) => !charge || refund.charge === charge)
      .reverse();
    return list(data.slice(0, limit), data.length > limit, "/v1/refunds");
  }),
  route<Handler>("GET", "/v1/refunds/:id", (_request, params, context) => {
    const refund = context.ledger.refunds.get(params.id ?? "");
    return refund
      ? { status: 200, body: refund }
      : stripeError(404, {
          type: "invalid_request_error",
          code: "resource_missing",
          param: "id",
          message: `No such refund: '${params.id ?? ""}'`,
        });
  }),
  route<Handler>("GET", "/v1/disputes", (request, _params, context) => {
    const limit = limitOf(request);
    if (typeof limit !== "number") return limit;
    const charge = request.query.get("charge");
    const data = context.ledger.disputes
      .all()
      .filter((dispute) => !charge || dispute.charge === charge)
      .reverse();
    return list(data.slice(0, limit), data.length > limit, "/v1/disputes");
  }),
  route<Handler>("GET", "/v1/events", (request, _params, context) => {
    const limit = limitOf(request);
    if (typeof limit !== "number") return limit;
    const page = context.ledger.eventsNewestFirst({
      limit,
      startingAfter: request.query.get("starting_after") ?? undefined,
      type: request.query.get("type") ?? undefined,
    });
    if ("unknownCursor" in page) {
      return stripeError(400, {
        type: "invalid_request_error",
        code: "resource_missing",
        param: "starting_after",
        message: `No such event: '${page.unknownCursor}'`,
      });
    }
    return list(page.data, page.hasMore, "/v1/events");
  }),
  route<Handler>("GET", "/v1/events/:id", (_request, params, context) => {
    const event = context.ledger.events.get(params.id ?? "");
    return event
      ? { status: 200, body: event }
      : stripeError(404, {
          type: "invalid_request_error",
          code: "resource_missing",
          param: "id",
          message: `No such event: '${params.id ?? ""}'`,
        });
  }),
];

export function handleStripeRequest(
  request: SimRequest,
  context: Context,
  requestId: string,
): SimResponse | Promise<SimResponse> {
  const match = matchRoute(routes, request.method, request.path);
  if (match.kind === "found") return match.handler(request, match.params, context, requestId);
  return unrecognizedUrl(request.method, request.path);
}
