import { IntegrationError } from "./errors";
import { errorCodeOf, isTransient, type FailureOutcome } from "./outcome";
import { sanitizeText } from "./sanitize";

export interface MessageContext {
  provider: string;
  displayName: string;
  /** Attempts made; 0 when the call was refused before its first attempt. */
  attempts: number;
  budgetExhausted: boolean;
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** What support staff read when a call fails: what happened, in words, without provider internals. */
export function userMessage(outcome: FailureOutcome, context: MessageContext): string {
  const name = context.displayName;
  const tries = context.attempts > 1 ? ` after ${context.attempts} attempts` : "";
  const budget = context.budgetExhausted ? " (retry budget exhausted)" : "";
  switch (outcome.kind) {
    case "http": {
      const status = outcome.response.status;
      if (status >= 500) return `${name} is having problems (HTTP ${status})${tries}${budget}.`;
      if (status === 429)
        return `${name} is rate limiting requests${tries}${budget}. Try again shortly.`;
      const said = outcome.providerMessage ? `: ${sanitizeText(outcome.providerMessage, 200)}` : "";
      return `${name} rejected the request (HTTP ${status}${said}).`;
    }
    case "invalid_response":
      return `${name} sent a response the console does not understand.`;
    case "network":
      return `Could not reach ${name}${tries}${budget}.`;
    case "timeout":
      return `${name} did not answer within ${seconds(outcome.limitMs)} s${tries}${budget}.`;
    case "deadline":
      return `The call to ${name} ran out of time${tries}.`;
    case "aborted":
      return `The call to ${name} was cancelled.`;
    case "circuit_open":
      return `${name} is temporarily unavailable (${outcome.detail}). Try again in ${seconds(outcome.retryAfterMs)} s.`;
    case "rate_limited":
      return `Too many requests to ${name}: no request slot became free before the deadline. Try again shortly.`;
  }
}

/** The error a failed call throws. */
export function toIntegrationError(
  outcome: FailureOutcome,
  context: MessageContext,
): IntegrationError {
  const base = {
    provider: context.provider,
    kind: outcome.kind,
    retryable: isTransient(outcome),
    attempts: context.attempts,
  };
  const message = userMessage(outcome, context);
  const code = errorCodeOf(outcome);
  switch (outcome.kind) {
    case "http":
      return new IntegrationError(code, message, {
        ...base,
        httpStatus: outcome.response.status,
        providerCode: outcome.providerCode ? sanitizeText(outcome.providerCode, 80) : undefined,
        requestId: outcome.requestId,
        retryAfterSeconds:
          outcome.retryAfterMs === undefined ? undefined : seconds(outcome.retryAfterMs),
      });
    case "invalid_response":
      return new IntegrationError(code, message, {
        ...base,
        httpStatus: outcome.response.status,
        requestId: outcome.requestId,
        cause: outcome.issues,
      });
    case "network":
      return new IntegrationError(code, message, { ...base, cause: outcome.detail });
    case "circuit_open":
    case "rate_limited":
      return new IntegrationError(code, message, {
        ...base,
        retryAfterSeconds: seconds(outcome.retryAfterMs),
      });
    case "timeout":
    case "deadline":
    case "aborted":
      return new IntegrationError(code, message, base);
  }
}
