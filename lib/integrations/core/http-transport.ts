import { Agent, fetch, type RequestInit, type Response } from "undici";
import type { RawProviderResponse } from "./attempt";
import type { ProviderDefinition } from "./config-schema";

/**
 * The undici errors that mean "the provider did not answer in time": connecting, waiting for the
 * response headers, or waiting for the next piece of the body.
 */
const TRANSPORT_TIMEOUT_CODES = new Set([
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

/**
 * undici checks these timeouts on a shared tick of about half a second, so one fires up to a
 * second late. Short limits keep the executor's exact per-attempt timer instead.
 */
const COARSE_TIMER_SLACK_MS = 1_000;
const MIN_TRANSPORT_TIMED_MS = 5 * COARSE_TIMER_SLACK_MS;

const agents = new WeakMap<ProviderDefinition, Agent>();

/**
 * The provider's connection pool, which also enforces the per-attempt timeout: connecting,
 * waiting for headers and each wait for body data are each bounded by `attemptMs`. These timers
 * are undici's coarse shared ones, so a call pays no timer, AbortController or signal listener of
 * its own, which on a fast provider is most of what a per-call timeout would cost (see bench/).
 * One pool per provider definition; idle sockets close on their own after the keep-alive period.
 */
export function providerAgent(definition: ProviderDefinition): Agent {
  let agent = agents.get(definition);
  if (!agent) {
    const limit = definition.timeouts.attemptMs;
    agent = new Agent({ connect: { timeout: limit }, headersTimeout: limit, bodyTimeout: limit });
    agents.set(definition, agent);
  }
  return agent;
}

/**
 * The per-attempt limit the provider's pool enforces by itself, for `transportTimeoutMs`; none
 * when the limit is so short that a second of slack would matter.
 */
export function transportTimeoutFor(definition: ProviderDefinition): number | undefined {
  const limit = definition.timeouts.attemptMs;
  return limit >= MIN_TRANSPORT_TIMED_MS ? limit : undefined;
}

/** Whether an error from undici's fetch (or its body) is one of the pool's own timeouts. */
export function isTransportTimeout(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = "code" in current ? current.code : undefined;
    if (typeof code === "string" && TRANSPORT_TIMEOUT_CODES.has(code)) return true;
    current = current.cause;
  }
  return false;
}

const JSON_TYPE = /\bjson\b/i;

function parseBody(response: Response, text: string): unknown {
  if (text === "") return undefined;
  if (JSON_TYPE.test(response.headers.get("content-type") ?? "")) {
    try {
      const parsed: unknown = JSON.parse(text);
      return parsed;
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * One HTTP exchange with the body read whole and parsed when it is JSON: the REST client's
 * attempt, and the benchmark's bare call without any policy around it.
 */
export async function fetchResponse(url: string, init: RequestInit): Promise<RawProviderResponse> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: parseBody(response, text) };
}
