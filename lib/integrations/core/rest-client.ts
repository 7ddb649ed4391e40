import type { z } from "zod";
import type { AuthConfig } from "./config-schema";
import type { IntegrationCore } from "./core";
import { providerAgent, sendRequest } from "./http-transport";
import type { AttemptContext, CallActor, ProviderCallResult } from "./types";

export interface RestCallOptions {
  /** Name for charts and the log; default "METHOD /path" without the query. */
  operation?: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as application/x-www-form-urlencoded instead (e.g. Stripe). */
  form?: Record<string, string>;
  headers?: Record<string, string>;
  idempotencyKey?: string;
  actor?: CallActor | null;
  correlationId?: string;
  deadlineMs?: number;
  signal?: AbortSignal;
}

type RestVerb = "GET" | "POST" | "PUT" | "DELETE" | "PATCH";

/** Without a schema the body is `unknown`; with one it is validated and typed. */
export interface RestMethod {
  (path: string, options?: RestCallOptions): Promise<ProviderCallResult<unknown>>;
  <T>(
    path: string,
    options: RestCallOptions & { schema: z.ZodType<T> },
  ): Promise<ProviderCallResult<T>>;
}

export interface RestClient {
  readonly provider: string;
  get: RestMethod;
  post: RestMethod;
  put: RestMethod;
  delete: RestMethod;
  patch: RestMethod;
}

export function authHeaders(auth: AuthConfig): Record<string, string> {
  switch (auth.scheme) {
    case "none":
      return {};
    case "bearer":
      return { authorization: `Bearer ${auth.token}` };
    case "basic":
      return {
        authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}`,
      };
    case "header":
      return { [auth.header.toLowerCase()]: auth.value };
  }
}

function withQuery(path: string, query: RestCallOptions["query"]): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined) params.append(key, String(value));
  const text = params.toString();
  if (!text) return path;
  return `${path}${path.includes("?") ? "&" : "?"}${text}`;
}

/**
 * A JSON-over-HTTP client for any configured provider, on undici's fetch and the provider's own
 * connection pool. Every request goes through the core's policies and log; credentials come from
 * the provider's configuration, never from callers.
 */
export function createRestClient(provider: string, core: IntegrationCore): RestClient {
  const definition = core.definition(provider);
  const dispatcher = providerAgent(definition);
  const fixedHeaders = { accept: "application/json", ...authHeaders(definition.auth) };

  function send<T>(verb: RestVerb, path: string, options: RestCallOptions, schema?: z.ZodType<T>) {
    const relative = withQuery(path.startsWith("/") ? path : `/${path}`, options.query);
    const url = `${definition.baseUrl}${relative}`;
    let payload: string | undefined;
    let contentType: string | undefined;
    if (options.form) {
      payload = new URLSearchParams(options.form).toString();
      contentType = "application/x-www-form-urlencoded";
    } else if (options.body !== undefined) {
      payload = JSON.stringify(options.body);
      contentType = "application/json";
    }
    const headers: Record<string, string> = { ...options.headers, ...fixedHeaders };
    if (contentType) headers["content-type"] = contentType;
    const call = {
      provider,
      operation: options.operation ?? `${verb} ${path.split("?")[0]}`,
      method: verb,
      path: relative,
      idempotencyKey: options.idempotencyKey,
      actor: options.actor,
      correlationId: options.correlationId,
      deadlineMs: options.deadlineMs,
      signal: options.signal,
      requestBody: options.form ?? options.body,
    };
    const idempotencyHeader = definition.headers.idempotencyKey;
    const attempt = ({ signal, idempotencyKey }: AttemptContext) => {
      const attemptHeaders =
        idempotencyKey && idempotencyHeader
          ? { ...headers, [idempotencyHeader.toLowerCase()]: idempotencyKey }
          : headers;
      return sendRequest(url, {
        method: verb,
        headers: attemptHeaders,
        body: payload,
        signal,
        dispatcher,
      });
    };
    return schema ? core.call(call, attempt, schema) : core.call(call, attempt);
  }

  function method(verb: RestVerb): RestMethod {
    function call(path: string, options?: RestCallOptions): Promise<ProviderCallResult<unknown>>;
    function call<T>(
      path: string,
      options: RestCallOptions & { schema: z.ZodType<T> },
    ): Promise<ProviderCallResult<T>>;
    function call<T>(path: string, options: RestCallOptions & { schema?: z.ZodType<T> } = {}) {
      return send(verb, path, options, options.schema);
    }
    return call;
  }

  return {
    provider,
    get: method("GET"),
    post: method("POST"),
    put: method("PUT"),
    delete: method("DELETE"),
    patch: method("PATCH"),
  };
}
