import type { z } from "zod";
import type { AuthConfig } from "./config-schema";
import { getIntegrationCore, type IntegrationCore } from "./core";
import { anyBody } from "./executor";
import { fetchResponse, providerAgent, transportTimeoutFor } from "./http-transport";
import type { CallActor, ProviderCallResult } from "./types";

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
export function createRestClient(
  provider: string,
  core: IntegrationCore = getIntegrationCore(),
): RestClient {
  const definition = core.definition(provider);
  const dispatcher = providerAgent(definition);
  const transportTimeoutMs = transportTimeoutFor(definition);
  const fixedHeaders = { accept: "application/json", ...authHeaders(definition.auth) };

  function send<T>(method: string, path: string, options: RestCallOptions, schema: z.ZodType<T>) {
    const verb = method.toUpperCase();
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
    // A plain GET sends the fixed headers as they are; fetch copies them anyway.
    const headers: Record<string, string> =
      options.headers || contentType ? { ...options.headers, ...fixedHeaders } : fixedHeaders;
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
      // The pool times each attempt; the executor's own timeout only steps in when the deadline
      // cuts an attempt shorter, and fetch rejects as soon as that signal aborts.
      transportTimeoutMs,
      honoursSignal: true,
    };
    const idempotencyHeader = definition.headers.idempotencyKey;
    return core.call(
      call,
      // Not async: returning fetchResponse's promise from an async function would wrap it in
      // another promise and cost extra microtask turns on every attempt.
      ({ signal, idempotencyKey }) => {
        const attemptHeaders =
          idempotencyKey && idempotencyHeader
            ? { ...headers, [idempotencyHeader.toLowerCase()]: idempotencyKey }
            : headers;
        return fetchResponse(url, {
          method: verb,
          headers: attemptHeaders,
          body: payload,
          signal,
          dispatcher,
        });
      },
      schema,
    );
  }

  function method(verb: string): RestMethod {
    function call(path: string, options?: RestCallOptions): Promise<ProviderCallResult<unknown>>;
    function call<T>(
      path: string,
      options: RestCallOptions & { schema: z.ZodType<T> },
    ): Promise<ProviderCallResult<T>>;
    function call<T>(path: string, options: RestCallOptions & { schema?: z.ZodType<T> } = {}) {
      return options.schema
        ? send(verb, path, options, options.schema)
        : send(verb, path, options, anyBody);
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
