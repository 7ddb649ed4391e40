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
  headers?: Headers | UndiciHeaders | HeaderRecord | Record<string, string | string[] | undefined>;
  body?: unknown;
}

/**
 * Node's and undici's plain header records (lower-case names, repeated headers as arrays) read
 * through the Headers interface, without copying them into one.
 */
export class HeaderRecord implements ResponseHeaders {
  /** `record` must have lower-case names, as Node's and undici's have. */
  constructor(private readonly record: Record<string, string | string[] | undefined>) {}

  get(name: string): string | null {
    const value = this.record[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(", ") : value;
  }

  has(name: string): boolean {
    return this.record[name.toLowerCase()] !== undefined;
  }
}

const NO_HEADERS = new HeaderRecord({});

export function toHeaders(headers: RawProviderResponse["headers"]): ResponseHeaders {
  if (headers instanceof Headers || headers instanceof UndiciHeaders) return headers;
  if (headers instanceof HeaderRecord) return headers;
  if (!headers) return NO_HEADERS;
  // A record from an SDK may use any case; a copy with lower-case names is what get() reads.
  const lower: Record<string, string | string[] | undefined> = {};
  for (const [name, value] of Object.entries(headers)) lower[name.toLowerCase()] = value;
  return new HeaderRecord(lower);
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
