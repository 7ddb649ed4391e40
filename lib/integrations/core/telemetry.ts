import type { ApiCallLog } from "./call-log";
import type { CallMinuteMeter } from "./call-minutes";
import { userMessage } from "./messages";
import { logErrorCode, logOutcome, reachedProvider, type AttemptOutcome } from "./outcome";
import { readQuotaHeaders, type UsageMeter } from "./quota";
import type { ProviderDefinition } from "./config-schema";
import type { ProviderCallRequest } from "./types";

/**
 * Where every attempt is accounted for: one row in the API-call log and one count in the usage
 * meter (with the provider's quota headers). Both only buffer in memory; they write in batches.
 */
export class CallTelemetry {
  constructor(
    private readonly callLog: ApiCallLog,
    private readonly meter: UsageMeter,
    private readonly minutes?: CallMinuteMeter,
  ) {}

  recordAttempt(entry: {
    definition: ProviderDefinition;
    request: ProviderCallRequest;
    attempt: number;
    outcome: AttemptOutcome;
    durationMs: number;
    at: number;
  }) {
    const { definition, request, outcome, at } = entry;
    const response = "response" in outcome ? outcome.response : undefined;
    const requestId = "requestId" in outcome ? outcome.requestId : undefined;
    this.callLog.record({
      createdAt: at,
      provider: definition.name,
      operation: request.operation,
      method: request.method.toUpperCase(),
      path: request.path,
      status: response?.status ?? null,
      durationMs: Math.round(entry.durationMs),
      attempt: entry.attempt,
      outcome: logOutcome(outcome),
      errorCode: logErrorCode(outcome),
      providerRequestId: requestId ?? null,
      idempotencyKey: request.idempotencyKey ?? null,
      correlationId: request.correlationId ?? null,
      actorId: request.actor?.id ?? null,
      actorEmail: request.actor?.email ?? null,
      requestBody: request.requestBody,
      responseBody: response?.body,
    });
    const reached = reachedProvider(outcome);
    this.minutes?.record({
      provider: definition.name,
      at,
      outcome: logOutcome(outcome),
      reached,
      durationMs: entry.durationMs,
      httpStatus: response?.status ?? null,
      errorMessage:
        outcome.kind === "success"
          ? null
          : userMessage(outcome, {
              provider: definition.name,
              displayName: definition.displayName,
              attempts: entry.attempt,
              budgetExhausted: false,
            }),
    });
    if (!reached) return;
    this.meter.record(definition.name, request.operation, at, {
      error: outcome.kind !== "success",
      rateLimited: response?.status === 429,
      quota: response ? readQuotaHeaders(response.headers, definition.headers, at) : undefined,
    });
  }
}
