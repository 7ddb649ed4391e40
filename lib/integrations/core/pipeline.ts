import {
  ConstantBackoff,
  TimeoutStrategy,
  handleWhen,
  retry,
  timeout,
  type RetryPolicy,
} from "cockatiel";
import type { z } from "zod";
import { logger } from "@/lib/logger";
import { AttemptFailure, AttemptSuccess, toHeaders } from "./attempt";
import type { ProviderCircuit } from "./circuit";
import { classifyResponse, classifyThrown } from "./classify";
import type { Clock } from "./clock";
import type { ProviderDefinition } from "./config-schema";
import type { IntegrationError } from "./errors";
import { toIntegrationError } from "./messages";
import { isRetryable, type AttemptOutcome, type FailureOutcome } from "./outcome";
import type { TokenSource } from "./rate-limiter";
import type { RetryBudget } from "./retry-budget";
import { fullJitterDelay, mayRepeat } from "./retry-rules";
import type { CallTelemetry } from "./telemetry";
import type { AttemptFn, ProviderCallRequest, ProviderCallResult } from "./types";

/** Everything one provider's calls go through. */
export interface ProviderRuntime {
  definition: ProviderDefinition;
  circuit: ProviderCircuit;
  limiter: TokenSource;
  budget: RetryBudget;
  retryPolicy: RetryPolicy;
}

export interface PipelineServices {
  clock: Clock;
  random: () => number;
  telemetry: CallTelemetry;
}

/** Cockatiel runs the attempt loop; whether another attempt follows is decided per failure below. */
export function createRetryPolicy(definition: ProviderDefinition): RetryPolicy {
  return retry(
    handleWhen((error) => error instanceof AttemptFailure && error.retryDelayMs !== undefined),
    // The wait itself happens on the injected clock at the start of the next attempt, so that a
    // virtual clock can drive it in tests; cockatiel only gets a zero delay.
    { maxAttempts: definition.retry.maxAttempts - 1, backoff: new ConstantBackoff(0) },
  );
}

interface Call {
  services: PipelineServices;
  runtime: ProviderRuntime;
  request: ProviderCallRequest;
  attempt: AttemptFn;
  deadlineAt: number;
  repeatable: boolean;
  pendingDelayMs: number;
  attempts: number;
  budgetExhausted: boolean;
}

/**
 * One logical call: deadline, then per attempt the retry rules and budget, the circuit, a token
 * from the shared bucket, the breaker and the per-attempt timeout. Every attempt is recorded once
 * (telemetry), and a failed call leaves as an IntegrationError built from its last outcome.
 */
export async function runCall<T>(
  services: PipelineServices,
  runtime: ProviderRuntime,
  request: ProviderCallRequest,
  attempt: AttemptFn,
  schema?: z.ZodType<T>,
): Promise<ProviderCallResult<T | unknown>> {
  const { definition } = runtime;
  const call: Call = {
    services,
    runtime,
    request,
    attempt,
    deadlineAt: services.clock.now() + (request.deadlineMs ?? definition.timeouts.deadlineMs),
    repeatable: mayRepeat(request.method, request.idempotencyKey),
    pendingDelayMs: 0,
    attempts: 0,
    budgetExhausted: false,
  };
  let success: AttemptSuccess;
  try {
    success = await runtime.retryPolicy.execute(
      ({ attempt: retryIndex, signal }) => attemptOnce(call, retryIndex + 1, signal),
      request.signal,
    );
  } catch (error) {
    throw failCall(call, error);
  }
  const { response, requestId } = success;
  const result = {
    status: response.status,
    headers: response.headers,
    requestId,
    attempts: call.attempts,
  };
  if (!schema) return { ...result, body: response.body };
  const parsed = schema.safeParse(response.body);
  if (!parsed.success) {
    throw failCall(
      call,
      new AttemptFailure({
        kind: "invalid_response",
        response,
        requestId,
        issues: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`),
      }),
    );
  }
  return { ...result, body: parsed.data };
}

async function attemptOnce(call: Call, attemptNo: number, signal: AbortSignal) {
  const { services, runtime } = call;
  if (call.pendingDelayMs > 0) {
    const delay = call.pendingDelayMs;
    call.pendingDelayMs = 0;
    await services.clock.sleep(delay, signal);
  }
  call.attempts = attemptNo;
  if (attemptNo === 1) runtime.budget.recordRequest();
  const timing = { startedAt: performance.now(), exchangeMs: undefined as number | undefined };
  try {
    const success = await admitAndSend(call, attemptNo, signal, timing);
    record(
      call,
      attemptNo,
      { kind: "success", response: success.response, requestId: success.requestId },
      timing,
    );
    return success;
  } catch (error) {
    const failure =
      error instanceof AttemptFailure
        ? error
        : new AttemptFailure(
            classifyThrown(error, {
              callerAborted: signal.aborted,
              limitMs: 0,
              cutByDeadline: false,
            }),
          );
    record(call, attemptNo, failure.outcome, timing);
    planRetry(call, failure, attemptNo);
    throw failure;
  }
}

async function admitAndSend(
  call: Call,
  attemptNo: number,
  signal: AbortSignal,
  timing: { startedAt: number; exchangeMs: number | undefined },
): Promise<AttemptSuccess> {
  const { runtime } = call;
  const admission = runtime.circuit.admit();
  if (!runtime.limiter.tryAcquire()) {
    try {
      await runtime.limiter.acquire(call.deadlineAt, signal);
    } catch (error) {
      admission.release();
      throw error;
    }
  }
  return runtime.circuit.run(
    admission,
    async () => {
      const started = performance.now();
      const outcome = await exchange(call, attemptNo, signal);
      timing.exchangeMs = performance.now() - started;
      if (outcome.kind !== "success") throw new AttemptFailure(outcome);
      const slow = timing.exchangeMs >= runtime.definition.breaker.slowCallMs;
      return new AttemptSuccess(outcome.response, slow, outcome.requestId);
    },
    signal,
  );
}

/** The attempt itself, under the per-attempt limit (shortened when the deadline comes first). */
async function exchange(
  call: Call,
  attemptNo: number,
  signal: AbortSignal,
): Promise<AttemptOutcome> {
  const { definition } = call.runtime;
  const { clock } = call.services;
  const remaining = call.deadlineAt - clock.now();
  if (remaining <= 0) return { kind: "deadline", limitMs: 0 };
  const limitMs = Math.min(definition.timeouts.attemptMs, remaining);
  try {
    // No abort after a normal return: the body is read by then, and an abort would only cost an
    // AbortError (a DOMException) and a round of abort listeners on every call.
    const attemptTimeout = timeout(limitMs, {
      strategy: TimeoutStrategy.Aggressive,
      abortOnReturn: false,
    });
    const raw = await attemptTimeout.execute(
      ({ signal: attemptSignal }) =>
        call.attempt({
          signal: attemptSignal,
          attempt: attemptNo,
          idempotencyKey: call.request.idempotencyKey,
        }),
      signal,
    );
    const response = { status: raw.status, headers: toHeaders(raw.headers), body: raw.body };
    return classifyResponse(response, definition, clock.now());
  } catch (error) {
    return classifyThrown(error, {
      callerAborted: signal.aborted,
      limitMs,
      cutByDeadline: limitMs < definition.timeouts.attemptMs,
    });
  }
}

function record(
  call: Call,
  attemptNo: number,
  outcome: AttemptOutcome,
  timing: { startedAt: number; exchangeMs: number | undefined },
) {
  call.services.telemetry.recordAttempt({
    definition: call.runtime.definition,
    request: call.request,
    attempt: attemptNo,
    outcome,
    // The exchange alone when there was one; otherwise how long the refusal took (a token wait).
    durationMs: timing.exchangeMs ?? performance.now() - timing.startedAt,
    at: call.services.clock.now(),
  });
}

function planRetry(call: Call, failure: AttemptFailure, attemptNo: number) {
  const { services, runtime } = call;
  const settings = runtime.definition.retry;
  const { outcome } = failure;
  if (!isRetryable(outcome) || !call.repeatable || attemptNo >= settings.maxAttempts) return;
  const hinted = outcome.kind === "http" ? outcome.retryAfterMs : undefined;
  if (hinted !== undefined && hinted > settings.maxRetryAfterMs) return;
  const delay =
    hinted ??
    fullJitterDelay(attemptNo, settings.baseDelayMs, settings.maxDelayMs, services.random);
  if (services.clock.now() + delay >= call.deadlineAt) return;
  if (!runtime.budget.tryWithdraw()) {
    call.budgetExhausted = true;
    return;
  }
  failure.retryDelayMs = delay;
  call.pendingDelayMs = delay;
}

function failCall(call: Call, error: unknown): IntegrationError {
  const { definition } = call.runtime;
  const outcome: FailureOutcome =
    error instanceof AttemptFailure
      ? error.outcome
      : // Only the backoff wait throws anything else: the caller gave up while it slept.
        classifyThrown(error, {
          callerAborted: call.request.signal?.aborted === true,
          limitMs: 0,
          cutByDeadline: false,
        });
  const final = toIntegrationError(outcome, {
    provider: definition.name,
    displayName: definition.displayName,
    attempts: call.attempts,
    budgetExhausted: call.budgetExhausted,
  });
  logger.warn(
    {
      provider: definition.name,
      operation: call.request.operation,
      code: final.code,
      kind: final.kind,
      httpStatus: final.httpStatus,
      attempts: call.attempts,
      correlationId: call.request.correlationId,
    },
    "provider call failed",
  );
  return final;
}
