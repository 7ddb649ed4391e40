import {
  ConstantBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  handleWhen,
  retry,
  timeout,
  type RetryPolicy,
  type TimeoutPolicy,
} from "cockatiel";
import { z } from "zod";
import type { ApiCallOutcome } from "@/lib/db/generated/enums";
import { logger } from "@/lib/logger";
import {
  AttemptFailure,
  AttemptSuccess,
  toHeaders,
  type AttemptFailureKind,
  type ProviderResponse,
} from "./attempt";
import type { ApiCallLog } from "./call-log";
import type { Admission, ProviderCircuit } from "./circuit";
import type { Clock } from "./clock";
import type { ProviderDefinition } from "./config-schema";
import { IntegrationError, codeForProviderStatus, isIntegrationError } from "./errors";
import { isTransportTimeout } from "./http-transport";
import { extractProviderError } from "./provider-error";
import { readQuotaHeaders, type UsageMeter } from "./quota";
import type { TokenSource } from "./rate-limiter";
import type { RetryBudget } from "./retry-budget";
import {
  fullJitterDelay,
  isRetryableStatus,
  mayRepeat,
  parseRetryAfter,
  readRetryHint,
} from "./retry-rules";
import { sanitizeText } from "./sanitize";
import type { AttemptFn, ProviderCallRequest, ProviderCallResult } from "./types";

/** Everything one provider's calls go through. */
export interface ProviderRuntime {
  definition: ProviderDefinition;
  circuit: ProviderCircuit;
  limiter: TokenSource;
  budget: RetryBudget;
  retryPolicy: RetryPolicy;
  /** The per-attempt timeout at the provider's full attemptMs; a shorter one is built when the deadline cuts in. */
  attemptTimeout: TimeoutPolicy;
  /** The same for attempts that stop on their signal (`honoursSignal`). */
  cooperativeTimeout: TimeoutPolicy;
}

export interface ExecutorServices {
  clock: Clock;
  random: () => number;
  callLog: ApiCallLog;
  meter: UsageMeter;
}

/** The schema for "any body": accepts everything as is, so the executor does not run it. */
export const anyBody: z.ZodType<unknown> = z.unknown();

/** Cockatiel runs the attempt loop; whether another attempt follows is decided per failure below. */
export function createRetryPolicy(definition: ProviderDefinition): RetryPolicy {
  return retry(
    handleWhen((error) => error instanceof AttemptFailure && error.retryDelayMs !== undefined),
    // The wait itself happens on the injected clock at the start of the next attempt, so that a
    // virtual clock can drive it in tests; cockatiel only gets a zero delay.
    { maxAttempts: definition.retry.maxAttempts - 1, backoff: new ConstantBackoff(0) },
  );
}

/**
 * Aggressive: the attempt is abandoned at the limit even if it ignores its signal (an SDK might).
 * Cooperative, for attempts that reject as soon as their signal aborts (fetch does, body reading
 * included): the same limit without racing the attempt against a second promise, which saves a
 * handful of promises and listeners per call. No abort after a normal return: the body has been
 * read by then, and aborting costs a DOMException per call.
 */
export function createAttemptTimeout(ms: number, honoursSignal = false): TimeoutPolicy {
  return timeout(ms, {
    strategy: honoursSignal ? TimeoutStrategy.Cooperative : TimeoutStrategy.Aggressive,
    abortOnReturn: false,
  });
}

interface CallState {
  request: ProviderCallRequest;
  runtime: ProviderRuntime;
  deadlineAt: number;
  repeatable: boolean;
  pendingDelayMs: number;
  attempts: number;
  budgetExhausted: boolean;
}

function describeThrown(error: unknown): { code: string; detail: string } {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const source: unknown = cause ?? error;
  const rawCode =
    source && typeof source === "object" && "code" in source ? source.code : undefined;
  const code = typeof rawCode === "string" && /^[A-Z_]+$/.test(rawCode) ? rawCode : "NETWORK_ERROR";
  const message =
    error instanceof Error
      ? `${error.message}${cause ? `: ${cause.message}` : ""}`
      : "unknown failure";
  return { code, detail: sanitizeText(message) };
}

export async function executeCall<T>(
  services: ExecutorServices,
  runtime: ProviderRuntime,
  request: ProviderCallRequest,
  attempt: AttemptFn,
  schema: z.ZodType<T>,
): Promise<ProviderCallResult<T>> {
  const { definition } = runtime;
  const state: CallState = {
    request,
    runtime,
    deadlineAt: services.clock.now() + (request.deadlineMs ?? definition.timeouts.deadlineMs),
    repeatable: mayRepeat(request.method, request.idempotencyKey),
    pendingDelayMs: 0,
    attempts: 0,
    budgetExhausted: false,
  };
  let success: AttemptSuccess;
  try {
    success = await runtime.retryPolicy.execute(async ({ attempt: retryIndex, signal }) => {
      if (state.pendingDelayMs > 0) {
        const delay = state.pendingDelayMs;
        state.pendingDelayMs = 0;
        await services.clock.sleep(delay, signal);
      }
      const attemptNo = retryIndex + 1;
      state.attempts = attemptNo;
      if (attemptNo === 1) runtime.budget.recordRequest();
      try {
        return await runAttempt(services, state, attempt, attemptNo, signal);
      } catch (thrown) {
        const error = runtime.circuit.explain(thrown);
        if (error instanceof AttemptFailure) planRetry(services, state, error, attemptNo);
        else if (isIntegrationError(error) && error.kind === "circuit_open" && error !== thrown) {
          // Cockatiel's breaker refused the attempt (another caller's trial decided meanwhile).
          logRow(services, state, attemptNo, {
            outcome: "CIRCUIT_OPEN",
            durationMs: 0,
            errorCode: "CIRCUIT_OPEN",
          });
        }
        throw error;
      }
    }, request.signal);
  } catch (error) {
    const final = toIntegrationError(state, error);
    logger.warn(
      {
        provider: definition.name,
        operation: request.operation,
        code: final.code,
        kind: final.kind,
        httpStatus: final.httpStatus,
        attempts: state.attempts,
        correlationId: request.correlationId,
      },
      "provider call failed",
    );
    throw final;
  }
  const { response, requestId } = success;
  if (schema === anyBody) {
    return {
      status: response.status,
      headers: response.headers,
      body: response.body as T,
      requestId,
      attempts: state.attempts,
    };
  }
  const parsed = schema.safeParse(response.body);
  if (!parsed.success) {
    throw new IntegrationError(
      "PROVIDER_ERROR",
      `${definition.displayName} sent a response the console does not understand.`,
      {
        provider: definition.name,
        kind: "invalid_response",
        retryable: false,
        httpStatus: response.status,
        requestId,
        attempts: state.attempts,
        cause: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`),
      },
    );
  }
  return {
    status: response.status,
    headers: response.headers,
    body: parsed.data,
    requestId,
    attempts: state.attempts,
  };
}

function planRetry(
  services: ExecutorServices,
  state: CallState,
  failure: AttemptFailure,
  attemptNo: number,
) {
  const { retry: settings } = state.runtime.definition;
  if (!failure.info.retryable || !state.repeatable) return;
  if (attemptNo >= settings.maxAttempts) return;
  const hinted = failure.info.retryAfterMs;
  if (hinted !== undefined && hinted > settings.maxRetryAfterMs) return;
  const delay =
    hinted ??
    fullJitterDelay(attemptNo, settings.baseDelayMs, settings.maxDelayMs, services.random);
  if (services.clock.now() + delay >= state.deadlineAt) return;
  if (!state.runtime.budget.tryWithdraw()) {
    state.budgetExhausted = true;
    return;
  }
  failure.retryDelayMs = delay;
  state.pendingDelayMs = delay;
}

function logRow(
  services: ExecutorServices,
  state: CallState,
  attemptNo: number,
  fields: {
    outcome: ApiCallOutcome;
    status?: number;
    durationMs: number;
    errorCode?: string;
    requestId?: string;
    responseBody?: unknown;
  },
) {
  const { request, runtime } = state;
  services.callLog.record({
    createdAt: services.clock.now(),
    provider: runtime.definition.name,
    operation: request.operation,
    method: request.method.toUpperCase(),
    path: request.path,
    status: fields.status ?? null,
    durationMs: Math.round(fields.durationMs),
    attempt: attemptNo,
    outcome: fields.outcome,
    errorCode: fields.errorCode ?? null,
    providerRequestId: fields.requestId ?? null,
    idempotencyKey: request.idempotencyKey ?? null,
    correlationId: request.correlationId ?? null,
    actorId: request.actor?.id ?? null,
    actorEmail: request.actor?.email ?? null,
    requestBody: request.requestBody,
    responseBody: fields.responseBody,
  });
}

/**
 * Circuit admission and a token, then the attempt through cockatiel's breaker. Not async: the
 * caller awaits the breaker's promise directly (and translates its BrokenCircuitError).
 */
function runAttempt(
  services: ExecutorServices,
  state: CallState,
  attempt: AttemptFn,
  attemptNo: number,
  signal: AbortSignal,
): Promise<AttemptSuccess> {
  const { runtime } = state;
  let admission: Admission;
  try {
    admission = runtime.circuit.admit();
  } catch (error) {
    logRow(services, state, attemptNo, {
      outcome: "CIRCUIT_OPEN",
      durationMs: 0,
      errorCode: "CIRCUIT_OPEN",
    });
    return Promise.reject(asError(error));
  }
  // Most calls find a leased token at hand; only the others wait (and pay for a promise).
  if (runtime.limiter.tryAcquire()) {
    return runtime.circuit.run(
      admission,
      () => send(services, state, attempt, attemptNo, signal),
      signal,
    );
  }
  return waitForToken(services, state, admission, attemptNo, signal).then(() =>
    runtime.circuit.run(admission, () => send(services, state, attempt, attemptNo, signal), signal),
  );
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

async function waitForToken(
  services: ExecutorServices,
  state: CallState,
  admission: Admission,
  attemptNo: number,
  signal: AbortSignal,
): Promise<void> {
  const started = performance.now();
  try {
    await state.runtime.limiter.acquire(state.deadlineAt, signal);
  } catch (error) {
    admission.release();
    if (isIntegrationError(error)) {
      logRow(services, state, attemptNo, {
        outcome: "RATE_LIMITED",
        durationMs: performance.now() - started,
        errorCode: "RATE_LIMITED",
      });
    }
    throw error;
  }
}

async function send(
  services: ExecutorServices,
  state: CallState,
  attempt: AttemptFn,
  attemptNo: number,
  signal: AbortSignal,
): Promise<AttemptSuccess> {
  const { runtime, request } = state;
  const { definition } = runtime;
  const remaining = state.deadlineAt - services.clock.now();
  if (remaining <= 0) {
    throw new AttemptFailure({
      kind: "deadline",
      retryable: false,
      countsAgainstBreaker: false,
      detail: "deadline passed before the attempt",
    });
  }
  const limitMs = Math.min(definition.timeouts.attemptMs, remaining);
  const cutByDeadline = limitMs < definition.timeouts.attemptMs;
  const started = performance.now();
  const honoursSignal = request.honoursSignal === true;
  const transportTimed =
    request.transportTimeoutMs !== undefined && request.transportTimeoutMs <= limitMs;
  let attemptSignal: AbortSignal | undefined;
  let raw;
  try {
    if (transportTimed) {
      raw = await attempt({
        signal: request.signal,
        attempt: attemptNo,
        idempotencyKey: request.idempotencyKey,
      });
    } else {
      const policy = cutByDeadline
        ? createAttemptTimeout(limitMs, honoursSignal)
        : honoursSignal
          ? runtime.cooperativeTimeout
          : runtime.attemptTimeout;
      raw = await policy.execute(
        ({ signal: timeoutSignal }) => {
          attemptSignal = timeoutSignal;
          return attempt({
            signal: timeoutSignal,
            attempt: attemptNo,
            idempotencyKey: request.idempotencyKey,
          });
        },
        // The caller's own signal (or none): cockatiel's stand-in for "no signal" is a shared
        // never-aborted one, and subscribing to it costs a listener add and remove per attempt.
        request.signal,
      );
    }
  } catch (error) {
    const durationMs = performance.now() - started;
    let kind: AttemptFailureKind;
    let errorCode: string;
    let detail: string;
    if (signal.aborted || request.signal?.aborted) {
      kind = "aborted";
      errorCode = "ABORTED";
      detail = "cancelled by the caller";
    } else if (transportTimed && isTransportTimeout(error)) {
      kind = "timeout";
      errorCode = "ATTEMPT_TIMEOUT";
      detail = `no answer within ${request.transportTimeoutMs} ms`;
    } else if (
      error instanceof TaskCancelledError ||
      // A cooperative timeout shows as the attempt's own abort error.
      (honoursSignal && attemptSignal?.aborted === true)
    ) {
      kind = cutByDeadline ? "deadline" : "timeout";
      errorCode = cutByDeadline ? "DEADLINE_EXCEEDED" : "ATTEMPT_TIMEOUT";
      detail = `no answer within ${limitMs} ms`;
    } else {
      kind = "network";
      ({ code: errorCode, detail } = describeThrown(error));
    }
    logRow(services, state, attemptNo, {
      outcome: kind === "network" ? "NETWORK_ERROR" : "TIMEOUT",
      durationMs,
      errorCode,
    });
    if (kind !== "aborted") {
      services.meter.record(definition.name, request.operation, services.clock.now(), {
        error: true,
        rateLimited: false,
      });
    }
    throw new AttemptFailure({
      kind,
      retryable: kind === "network" || kind === "timeout",
      countsAgainstBreaker: kind === "network" || kind === "timeout",
      detail,
    });
  }
  const durationMs = performance.now() - started;
  const headers = toHeaders(raw.headers);
  const response: ProviderResponse = { status: raw.status, headers, body: raw.body };
  const requestId = definition.headers.requestId
    ? (headers.get(definition.headers.requestId) ?? undefined)
    : undefined;
  const now = services.clock.now();
  const failed = raw.status >= 400;
  services.meter.record(definition.name, request.operation, now, {
    error: failed,
    rateLimited: raw.status === 429,
    quota: readQuotaHeaders(headers, definition.headers, now),
  });
  if (!failed) {
    logRow(services, state, attemptNo, {
      outcome: "SUCCESS",
      status: raw.status,
      durationMs,
      requestId,
      responseBody: raw.body,
    });
    return new AttemptSuccess(
      response,
      durationMs,
      durationMs >= definition.breaker.slowCallMs,
      requestId,
    );
  }
  const hint = readRetryHint(
    definition.headers.retryHint ? headers.get(definition.headers.retryHint) : undefined,
  );
  const providerError = extractProviderError(raw.body);
  logRow(services, state, attemptNo, {
    outcome: "HTTP_ERROR",
    status: raw.status,
    durationMs,
    requestId,
    errorCode: providerError.code ?? `HTTP_${raw.status}`,
    responseBody: raw.body,
  });
  throw new AttemptFailure({
    kind: "http",
    status: raw.status,
    response,
    retryable: isRetryableStatus(raw.status, hint),
    countsAgainstBreaker: raw.status >= 500 || raw.status === 408,
    retryAfterMs: parseRetryAfter(headers.get("retry-after"), now),
    providerCode: providerError.code,
    providerMessage: providerError.message,
    requestId,
    detail: `HTTP ${raw.status}`,
  });
}

function toIntegrationError(state: CallState, error: unknown): IntegrationError {
  const { definition } = state.runtime;
  const name = definition.displayName;
  const base = { provider: definition.name, attempts: state.attempts };
  if (isIntegrationError(error)) return error;
  if (!(error instanceof AttemptFailure)) {
    if (state.request.signal?.aborted) {
      return new IntegrationError("TIMEOUT", `The call to ${name} was cancelled.`, {
        ...base,
        kind: "aborted",
        retryable: false,
      });
    }
    return new IntegrationError("PROVIDER_ERROR", `The call to ${name} failed unexpectedly.`, {
      ...base,
      kind: "network",
      retryable: false,
      cause: describeThrown(error).detail,
    });
  }
  const { info } = error;
  const tries = state.attempts === 1 ? "" : ` after ${state.attempts} attempts`;
  const budgetNote = state.budgetExhausted ? " (retry budget exhausted)" : "";
  const retryAfterSeconds =
    info.retryAfterMs === undefined ? undefined : Math.max(1, Math.ceil(info.retryAfterMs / 1000));
  switch (info.kind) {
    case "http": {
      const status = info.status ?? 502;
      const said = info.providerMessage ? `: ${sanitizeText(info.providerMessage, 200)}` : "";
      const message =
        status >= 500
          ? `${name} is having problems (HTTP ${status})${tries}${budgetNote}.`
          : status === 429
            ? `${name} is rate limiting requests${tries}${budgetNote}. Try again shortly.`
            : `${name} rejected the request (HTTP ${status}${said}).`;
      return new IntegrationError(codeForProviderStatus(status), message, {
        ...base,
        kind: "http",
        retryable: info.retryable,
        httpStatus: status,
        providerCode: info.providerCode ? sanitizeText(info.providerCode, 80) : undefined,
        requestId: info.requestId,
        retryAfterSeconds,
      });
    }
    case "timeout":
      return new IntegrationError(
        "TIMEOUT",
        `${name} did not answer within ${Math.round(definition.timeouts.attemptMs / 1000)} s${tries}${budgetNote}.`,
        { ...base, kind: "timeout", retryable: true, cause: info.detail },
      );
    case "deadline":
      return new IntegrationError("TIMEOUT", `The call to ${name} ran out of time${tries}.`, {
        ...base,
        kind: "deadline",
        retryable: true,
        cause: info.detail,
      });
    case "aborted":
      return new IntegrationError("TIMEOUT", `The call to ${name} was cancelled.`, {
        ...base,
        kind: "aborted",
        retryable: false,
      });
    case "network":
      return new IntegrationError(
        "PROVIDER_UNAVAILABLE",
        `Could not reach ${name}${tries}${budgetNote}.`,
        {
          ...base,
          kind: "network",
          retryable: true,
          cause: info.detail,
        },
      );
  }
}
