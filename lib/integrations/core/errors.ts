import { AppError, type ErrorCode } from "@/lib/errors";

/** What went wrong, for programs; `code` (inherited) is what the HTTP boundary maps to a status. */
export type IntegrationFailureKind =
  | "circuit_open"
  | "rate_limited"
  | "timeout"
  | "deadline"
  | "network"
  | "http"
  | "invalid_response"
  | "aborted";

export interface IntegrationErrorDetails {
  provider: string;
  kind: IntegrationFailureKind;
  retryable: boolean;
  /** The provider's HTTP status, when it answered. */
  httpStatus?: number;
  /** The provider's own error code (e.g. Stripe's `card_declined`), when it sent one. */
  providerCode?: string;
  requestId?: string;
  attempts?: number;
  retryAfterSeconds?: number;
  cause?: unknown;
}

/**
 * The one error that leaves the integration core. Its message is built only from redacted,
 * provider-neutral text, so it is safe to show; the raw detail stays out of it on purpose.
 */
export class IntegrationError extends AppError {
  readonly provider: string;
  readonly kind: IntegrationFailureKind;
  readonly retryable: boolean;
  readonly httpStatus?: number;
  readonly providerCode?: string;
  readonly requestId?: string;
  readonly attempts?: number;

  constructor(code: ErrorCode, message: string, details: IntegrationErrorDetails) {
    super(code, message, { cause: details.cause, retryAfterSeconds: details.retryAfterSeconds });
    this.name = "IntegrationError";
    this.provider = details.provider;
    this.kind = details.kind;
    this.retryable = details.retryable;
    this.httpStatus = details.httpStatus;
    this.providerCode = details.providerCode;
    this.requestId = details.requestId;
    this.attempts = details.attempts;
  }
}

export function isIntegrationError(error: unknown): error is IntegrationError {
  return error instanceof IntegrationError;
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
