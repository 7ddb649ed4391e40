import { Agent, fetch, type RequestInit, type Response } from "undici";
import type { RawProviderResponse } from "./attempt";
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
