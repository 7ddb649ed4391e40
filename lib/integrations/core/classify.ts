import { TaskCancelledError } from "cockatiel";
import type { ProviderResponse } from "./attempt";
import type { ProviderDefinition } from "./config-schema";
import type { AttemptOutcome, FailureOutcome } from "./outcome";
import { isRetryableStatus, parseRetryAfter, readRetryHint } from "./retry-rules";
import { sanitizeText } from "./sanitize";

/** A provider's answer, whatever its status, as an outcome. */
export function classifyResponse(
  response: ProviderResponse,
  definition: ProviderDefinition,
  now: number,
): AttemptOutcome {
  const { headers } = definition;
  const requestId = headers.requestId
    ? (response.headers.get(headers.requestId) ?? undefined)
    : undefined;
  if (response.status < 400) return { kind: "success", response, requestId };
  const hint = readRetryHint(
    headers.retryHint ? response.headers.get(headers.retryHint) : undefined,
  );
  const said = definition.parseError(response.body);
  return {
    kind: "http",
    response,
    requestId,
    providerCode: said.code,
    providerMessage: said.message,
    retryable: isRetryableStatus(response.status, hint),
    retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), now),
  };
}

/** Why an attempt produced no answer: the caller gave up, a time limit, or the network. */
export function classifyThrown(
  error: unknown,
  context: { callerAborted: boolean; limitMs: number; cutByDeadline: boolean },
): FailureOutcome {
  if (context.callerAborted) return { kind: "aborted" };
  if (error instanceof TaskCancelledError) {
    return context.cutByDeadline
      ? { kind: "deadline", limitMs: context.limitMs }
      : { kind: "timeout", limitMs: context.limitMs };
  }
  return { kind: "network", ...describeNetworkError(error) };
}

/** A system error code (ECONNRESET, UND_ERR_SOCKET…) and a redacted description, for the log. */
function describeNetworkError(error: unknown): { errorCode: string; detail: string } {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const source: unknown = cause ?? error;
  const rawCode =
    source && typeof source === "object" && "code" in source ? source.code : undefined;
  const errorCode =
    typeof rawCode === "string" && /^[A-Z_]+$/.test(rawCode) ? rawCode : "NETWORK_ERROR";
  const message =
    error instanceof Error
      ? `${error.message}${cause ? `: ${cause.message}` : ""}`
      : "unknown failure";
  return { errorCode, detail: sanitizeText(message) };
}
