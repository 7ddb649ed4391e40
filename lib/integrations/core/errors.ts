import { AppError, hasErrorMark, markError, type ErrorCode } from "@/lib/errors";
import type { FailureKind } from "./outcome";

export interface IntegrationErrorDetails {
  provider: string;
  kind: FailureKind;
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
 * provider-neutral text (messages.ts), so it is safe to show; the raw detail stays in `cause`.
 */
export class IntegrationError extends AppError {
  readonly provider: string;
  readonly kind: FailureKind;
  readonly retryable: boolean;
  readonly httpStatus?: number;
  readonly providerCode?: string;
  readonly requestId?: string;
  readonly attempts?: number;

  constructor(code: ErrorCode, message: string, details: IntegrationErrorDetails) {
    super(code, message, { cause: details.cause, retryAfterSeconds: details.retryAfterSeconds });
    this.name = "IntegrationError";
    markError(this, "IntegrationError");
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
  return error instanceof IntegrationError || hasErrorMark(error, "IntegrationError");
}
