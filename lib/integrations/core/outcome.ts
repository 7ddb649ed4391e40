import type { ApiCallOutcome } from "@/lib/db/generated/enums";
import type { ErrorCode } from "@/lib/errors";
import type { ProviderResponse } from "./attempt";

/**
 * What one attempt at a provider call came to: the only failure taxonomy of the core. The API-call
 * log's outcome column, the console's error code, retry and breaker decisions and the user's
 * message are all read off this union (below and in messages.ts), never decided separately.
 */
export type AttemptOutcome =
  | { kind: "success"; response: ProviderResponse; requestId?: string }
  | {
      kind: "http";
      response: ProviderResponse;
      requestId?: string;
      /** The provider's own error code and message, from its module's error parser; unsanitised. */
      providerCode?: string;
      providerMessage?: string;
      /** Whether the status (with the provider's retry hint, if any) is worth another attempt. */
      retryable: boolean;
      retryAfterMs?: number;
    }
  | { kind: "network"; errorCode: string; detail: string }
  /** No answer within the per-attempt limit. */
  | { kind: "timeout"; limitMs: number }
  /** The call's overall deadline passed, before or during the attempt. */
  | { kind: "deadline"; limitMs: number }
  /** The caller gave up (its signal aborted). */
  | { kind: "aborted" }
  /** Refused locally: the circuit is open (or held open by an administrator). */
  | { kind: "circuit_open"; detail: string; retryAfterMs: number }
  /** Refused locally: no request slot became free before the deadline. */
  | { kind: "rate_limited"; retryAfterMs: number }
  /** The provider answered 2xx with a body the caller's schema rejects. */
  | { kind: "invalid_response"; response: ProviderResponse; requestId?: string; issues: string[] };

export type FailureOutcome = Exclude<AttemptOutcome, { kind: "success" }>;
export type FailureKind = FailureOutcome["kind"];

/** The API-call log's outcome column. */
export function logOutcome(outcome: AttemptOutcome): ApiCallOutcome {
  switch (outcome.kind) {
    case "success":
      return "SUCCESS";
    case "http":
    case "invalid_response":
      return "HTTP_ERROR";
    case "network":
      return "NETWORK_ERROR";
    case "timeout":
    case "deadline":
    case "aborted":
      return "TIMEOUT";
    case "circuit_open":
      return "CIRCUIT_OPEN";
    case "rate_limited":
      return "RATE_LIMITED";
  }
}

/** The API-call log's error code column: the provider's own code when it sent one. */
export function logErrorCode(outcome: AttemptOutcome): string | null {
  switch (outcome.kind) {
    case "success":
      return null;
    case "http":
      return outcome.providerCode ?? `HTTP_${outcome.response.status}`;
    case "invalid_response":
      return "INVALID_RESPONSE";
    case "network":
      return outcome.errorCode;
    case "timeout":
      return "ATTEMPT_TIMEOUT";
    case "deadline":
      return "DEADLINE_EXCEEDED";
    case "aborted":
      return "ABORTED";
    case "circuit_open":
      return "CIRCUIT_OPEN";
    case "rate_limited":
      return "RATE_LIMITED";
  }
}

/** Whether another attempt could help (the retry loop still checks the method, budget and deadline). */
export function isRetryable(outcome: FailureOutcome): boolean {
  switch (outcome.kind) {
    case "http":
      return outcome.retryable;
    case "network":
    case "timeout":
      return true;
    case "deadline":
    case "aborted":
    case "circuit_open":
    case "rate_limited":
    case "invalid_response":
      return false;
  }
}

/** Whether the caller may try the whole call again later: the failure is a passing one. */
export function isTransient(outcome: FailureOutcome): boolean {
  switch (outcome.kind) {
    case "http":
      return outcome.retryable;
    case "network":
    case "timeout":
    case "deadline":
    case "circuit_open":
    case "rate_limited":
      return true;
    case "aborted":
    case "invalid_response":
      return false;
  }
}

/** Whether the breaker counts this attempt as a failure of the provider (not of the caller). */
export function countsAgainstBreaker(outcome: FailureOutcome): boolean {
  switch (outcome.kind) {
    case "http":
      return outcome.response.status >= 500 || outcome.response.status === 408;
    case "network":
    case "timeout":
      return true;
    case "deadline":
    case "aborted":
    case "circuit_open":
    case "rate_limited":
    case "invalid_response":
      return false;
  }
}

/** Whether the usage meter counts the attempt at all: local refusals and cancellations sent nothing. */
export function reachedProvider(outcome: AttemptOutcome): boolean {
  return (
    outcome.kind !== "circuit_open" && outcome.kind !== "rate_limited" && outcome.kind !== "aborted"
  );
}

/** Which console error a provider's HTTP status becomes: the caller's fault, or the provider's. */
export function codeForProviderStatus(status: number): ErrorCode {
  if (status === 429) return "RATE_LIMITED";
  if (status === 408) return "TIMEOUT";
  if (status === 404) return "NOT_FOUND";
  if (status === 409) return "CONFLICT";
  if (status === 400 || status === 402 || status === 422) return "BAD_REQUEST";
  if (status >= 500) return "PROVIDER_UNAVAILABLE";
  return "PROVIDER_ERROR";
}

/** The console error code a failed call reports. */
export function errorCodeOf(outcome: FailureOutcome): ErrorCode {
  switch (outcome.kind) {
    case "http":
      return codeForProviderStatus(outcome.response.status);
    case "invalid_response":
      return "PROVIDER_ERROR";
    case "network":
    case "circuit_open":
      return "PROVIDER_UNAVAILABLE";
    case "timeout":
    case "deadline":
    case "aborted":
      return "TIMEOUT";
    case "rate_limited":
      return "RATE_LIMITED";
  }
}
