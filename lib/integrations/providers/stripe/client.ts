import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import Stripe from "stripe";
import type { z } from "zod";
import type { CallActor, ProviderDefinition } from "@/lib/integrations/core";
import { getIntegrationCore } from "@/lib/integrations/runtime";
import { STRIPE } from "./name";

/**
 * Pinned so that the shapes the console parses (objects.ts) cannot change under it when the
 * account's default version moves; it is the version SDK 23.1.0 was generated for.
 */
export const STRIPE_API_VERSION = "2026-10-28.endive" satisfies Stripe.LatestApiVersion;

// The SDK takes no AbortSignal, so each attempt's signal reaches its fetch through here.
const attemptSignal = new AsyncLocalStorage<AbortSignal>();

function signalledFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const signals = [init?.signal, attemptSignal.getStore()].filter(
    (signal): signal is AbortSignal => signal != null,
  );
  return fetch(input, { ...init, signal: signals.length > 0 ? AbortSignal.any(signals) : null });
}

const clients = new WeakMap<ProviderDefinition, Stripe>();

/** The official SDK pointed at the definition's base URL (Stripe, the simulator or stripe-mock). */
function clientFor(definition: ProviderDefinition): Stripe {
  let client = clients.get(definition);
  if (!client) {
    const base = new URL(definition.baseUrl);
    const insecure = base.protocol === "http:";
    client = new Stripe(definition.auth.scheme === "bearer" ? definition.auth.token : "", {
      apiVersion: STRIPE_API_VERSION,
      // The integration core retries; two layers of retries would multiply attempts.
      maxNetworkRetries: 0,
      telemetry: false,
      host: base.hostname,
      port: base.port || (insecure ? 80 : 443),
      protocol: insecure ? "http" : "https",
      timeout: definition.timeouts.attemptMs,
      httpClient: Stripe.createFetchHttpClient(signalledFetch),
      appInfo: { name: "integrations-console" },
    });
    clients.set(definition, client);
  }
  return client;
}

export interface StripeCallSpec<T> {
  /** For the API-call log and charts, e.g. "refunds.create". */
  operation: string;
  method: "GET" | "POST";
  path: string;
  /** One per user action, reused on every retry. */
  idempotencyKey?: string;
  actor?: CallActor | null;
  /** The payment this call is about (`charge:ch_…`), so its timeline can find the call. */
  correlationId?: string;
  requestBody?: unknown;
  deadlineMs?: number;
  schema: z.ZodType<T>;
  send(stripe: Stripe, options: Stripe.RequestOptions): Promise<unknown>;
}

function errorBody(error: InstanceType<typeof Stripe.errors.StripeError>) {
  return {
    error: {
      type: error.rawType,
      code: error.code,
      decline_code: error.decline_code,
      message: error.message,
      param: error.param,
    },
  };
}

/**
 * One Stripe call through the integration core (deadline, retries, circuit, shared rate limit,
 * API-call log). The attempt answers with Stripe's status, headers and body whatever the status,
 * and throws only when Stripe did not answer, as the core expects.
 */
export async function stripeCall<T>(spec: StripeCallSpec<T>): Promise<T> {
  const core = getIntegrationCore();
  const stripe = clientFor(core.definition(STRIPE));
  const result = await core.call(
    {
      provider: STRIPE,
      operation: spec.operation,
      method: spec.method,
      path: spec.path,
      idempotencyKey: spec.idempotencyKey,
      actor: spec.actor,
      correlationId: spec.correlationId,
      requestBody: spec.requestBody,
      deadlineMs: spec.deadlineMs,
    },
    async ({ idempotencyKey, signal }) => {
      try {
        const body = await attemptSignal.run(signal, () =>
          spec.send(stripe, { idempotencyKey, maxNetworkRetries: 0 }),
        );
        const last = lastResponse(body);
        return { status: last?.statusCode ?? 200, headers: last?.headers ?? {}, body };
      } catch (error) {
        if (error instanceof Stripe.errors.StripeError && error.statusCode) {
          return { status: error.statusCode, headers: error.headers ?? {}, body: errorBody(error) };
        }
        throw error;
      }
    },
    spec.schema,
  );
  return result.body;
}

function lastResponse(
  body: unknown,
): { statusCode: number; headers: Record<string, string> } | undefined {
  if (typeof body !== "object" || body === null || !("lastResponse" in body)) return undefined;
  const last = body.lastResponse;
  if (typeof last !== "object" || last === null) return undefined;
  const statusCode =
    "statusCode" in last && typeof last.statusCode === "number" ? last.statusCode : 200;
  const headers: Record<string, string> = {};
  if ("headers" in last && typeof last.headers === "object" && last.headers !== null) {
    for (const [name, value] of Object.entries(last.headers)) {
      if (typeof value === "string") headers[name] = value;
    }
  }
  return { statusCode, headers };
}
