import { Headers as UndiciHeaders } from "undici";
import type { FailureOutcome } from "./outcome";

/** Response headers as the core reads them: the platform's Headers or undici's (the REST client's). */
export type ResponseHeaders = Pick<Headers, "get" | "has">;

export interface ProviderResponse {
  status: number;
  headers: ResponseHeaders;
  body: unknown;
}

/** What an attempt function returns: from fetch, an SDK's raw response, or a test double. */
export interface RawProviderResponse {
  status: number;
  headers?: Headers | UndiciHeaders | Record<string, string | string[] | undefined>;
  body?: unknown;
}

export function toHeaders(headers: RawProviderResponse["headers"]): ResponseHeaders {
  if (headers instanceof Headers || headers instanceof UndiciHeaders) return headers;
  const out = new Headers();
  if (!headers) return out;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) out.append(name, item);
    else out.set(name, value);
  }
  return out;
}

/** A successful attempt, as cockatiel's breaker sees it (a slow one counts against the provider). */
export class AttemptSuccess {
  constructor(
    readonly response: ProviderResponse,
    readonly slow: boolean,
    readonly requestId?: string,
  ) {}
}

/** Thrown out of an attempt so cockatiel's retry and breaker filters can see why it failed. */
export class AttemptFailure extends Error {
  /** Set by the pipeline when another attempt will follow after this many milliseconds. */
  retryDelayMs?: number;

  constructor(readonly outcome: FailureOutcome) {
    super(`attempt failed: ${outcome.kind}`);
    this.name = "AttemptFailure";
  }
}
