import { Agent, request, type Dispatcher } from "undici";
import { HeaderRecord, type RawProviderResponse } from "./attempt";
import type { ProviderDefinition } from "./config-schema";

const agents = new WeakMap<ProviderDefinition, Agent>();

/**
 * The provider's own connection pool, so one slow provider's sockets never starve another's.
 * Timing an attempt is the pipeline's job (its per-attempt timeout aborts the request's signal).
 */
export function providerAgent(definition: ProviderDefinition): Agent {
  let agent = agents.get(definition);
  if (!agent) {
    agent = new Agent({ connect: { timeout: definition.timeouts.attemptMs } });
    agents.set(definition, agent);
  }
  return agent;
}

export interface HttpRequest {
  method: Dispatcher.HttpMethod;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  dispatcher: Dispatcher;
}

const JSON_TYPE = /\bjson\b/i;

function parseBody(contentType: string | string[] | undefined, text: string): unknown {
  if (text === "") return undefined;
  if (typeof contentType === "string" && JSON_TYPE.test(contentType)) {
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
 * attempt, and the benchmark's bare call without any policy around it. undici's `request`
 * rather than `fetch`: fetch builds WHATWG Request and Response objects, and for a signal a
 * dependent signal tracked by a FinalizationRegistry, which cost about 17 µs of CPU per call
 * (bench/integration-core.ts); `request` only listens to the signal.
 */
export async function sendRequest(url: string, init: HttpRequest): Promise<RawProviderResponse> {
  const response = await request(url, {
    method: init.method,
    headers: init.headers,
    body: init.body,
    signal: init.signal,
    dispatcher: init.dispatcher,
  });
  const text = await response.body.text();
  return {
    status: response.statusCode,
    headers: new HeaderRecord(response.headers),
    body: parseBody(response.headers["content-type"], text),
  };
}
