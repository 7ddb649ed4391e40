import type { RawProviderResponse, ResponseHeaders } from "./attempt";

export interface CallActor {
  id: string;
  email: string;
}

/** One logical call to a provider; attempts, retries and logging are the pipeline's business. */
export interface ProviderCallRequest {
  provider: string;
  /** A stable name for charts and the log, e.g. "refunds.create". */
  operation: string;
  method: string;
  /** Path (and query) as sent, for the log; redacted before it is stored. */
  path: string;
  /** Sent on every attempt. Without one, a non-idempotent request (POST, PATCH) is attempted once. */
  idempotencyKey?: string;
  /** The person who caused the call, if any. */
  actor?: CallActor | null;
  correlationId?: string;
  /** Overall budget for the call, waits and retries included; defaults to the provider's deadlineMs. */
  deadlineMs?: number;
  /** The caller's own cancellation. */
  signal?: AbortSignal;
  /** The payload, for the log only (redacted and e-mail-masked before it is stored). */
  requestBody?: unknown;
}

export interface AttemptContext {
  /** Aborted when this attempt times out, the deadline passes or the caller gives up. */
  signal: AbortSignal;
  /** 1 for the first attempt. */
  attempt: number;
  idempotencyKey?: string;
}

/**
 * Performs exactly one attempt. Return the provider's answer whatever its status (do not throw
 * for 4xx/5xx); throw only when there is no answer (connection refused, reset, aborted).
 * SDKs must have their own retries disabled (e.g. Stripe's maxNetworkRetries: 0).
 */
export type AttemptFn = (context: AttemptContext) => Promise<RawProviderResponse>;

export interface ProviderCallResult<T> {
  status: number;
  headers: ResponseHeaders;
  body: T;
  requestId?: string;
  attempts: number;
}
