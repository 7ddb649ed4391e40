import { Headers as UndiciHeaders } from "undici";

/** What one attempt produced, in the shapes the retry and breaker policies filter on. */

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
  // Both classes are read as they are: copying would cost more than the call's own parsing.
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

export class AttemptSuccess {
  constructor(
    readonly response: ProviderResponse,
    readonly durationMs: number,
    readonly slow: boolean,
    readonly requestId?: string,
  ) {}
}

export type AttemptFailureKind = "http" | "network" | "timeout" | "deadline" | "aborted";

export interface AttemptFailureInfo {
  kind: AttemptFailureKind;
  status?: number;
  response?: ProviderResponse;
  retryable: boolean;
  countsAgainstBreaker: boolean;
  retryAfterMs?: number;
  providerCode?: string;
  providerMessage?: string;
  requestId?: string;
  /** Redacted description, for logs and the stored row. */
  detail: string;
}

/** Thrown out of an attempt so cockatiel's filters can see why it failed. */
export class AttemptFailure extends Error {
  /** Set by the executor when another attempt will follow after this many milliseconds. */
  retryDelayMs?: number;

  constructor(readonly info: AttemptFailureInfo) {
    super(info.detail);
    this.name = "AttemptFailure";
  }

  get countsAgainstBreaker(): boolean {
    return this.info.countsAgainstBreaker;
  }
}
