import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { z } from "zod";
import { getDb, type Db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { getEnv } from "@/lib/env";
import { logger } from "@/lib/logger";
import { ApiCallLog } from "./call-log";
import { ProviderCircuit } from "./circuit";
import { createDbCircuitStore, type CircuitStore } from "./circuit-store";
import { systemClock, type Clock } from "./clock";
import { loadProviderDefinitions, type ProviderDefinition } from "./config";
import { IntegrationError } from "./errors";
import {
  anyBody,
  createAttemptTimeout,
  createRetryPolicy,
  executeCall,
  type ExecutorServices,
  type ProviderRuntime,
} from "./executor";
import { UsageMeter } from "./quota";
import { SharedTokenBucket } from "./rate-limiter";
import { RetryBudget } from "./retry-budget";
import type { AttemptFn, ProviderCallRequest, ProviderCallResult } from "./types";

export interface IntegrationCoreOptions {
  /** Default: built-ins plus INTEGRATIONS_CONFIG, validated. */
  providers?: ProviderDefinition[];
  clock?: Clock;
  random?: () => number;
  db?: () => Db;
  pool?: () => pg.Pool;
  circuitStore?: CircuitStore;
  /** "postgres" (default) shares buckets across instances; "memory" is per process. */
  rateLimitStore?: "postgres" | "memory";
  logFlushIntervalMs?: number;
  usageFlushIntervalMs?: number;
  retentionDays?: number;
  instanceId?: string;
}

/**
 * The integration core of one process: a runtime (breaker, bucket, budget) per provider, the
 * buffered API-call log and the usage meter. Tests build their own; the app uses the singleton.
 */
export class IntegrationCore {
  readonly instanceId: string;
  readonly callLog: ApiCallLog;
  readonly meter: UsageMeter;
  readonly circuitStore: CircuitStore;
  private readonly definitions: Map<string, ProviderDefinition>;
  private readonly runtimes = new Map<string, ProviderRuntime>();
  private readonly pendingRuntimes = new Map<string, Promise<ProviderRuntime>>();
  private readonly services: ExecutorServices;

  constructor(private readonly options: IntegrationCoreOptions = {}) {
    const providers = options.providers ?? loadProviderDefinitions();
    this.definitions = new Map(providers.map((definition) => [definition.name, definition]));
    this.instanceId = options.instanceId ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
    const db = options.db ?? getDb;
    this.callLog = new ApiCallLog({
      db,
      flushIntervalMs: options.logFlushIntervalMs,
      retentionDays: options.retentionDays ?? getEnv().API_CALL_LOG_RETENTION_DAYS,
    });
    this.meter = new UsageMeter(db, options.usageFlushIntervalMs);
    this.circuitStore = options.circuitStore ?? createDbCircuitStore(db);
    this.services = {
      clock: options.clock ?? systemClock,
      random: options.random ?? Math.random,
      callLog: this.callLog,
      meter: this.meter,
    };
    this.callLog.start();
    this.meter.start();
  }

  providerNames(): string[] {
    return [...this.definitions.keys()];
  }

  definition(provider: string): ProviderDefinition {
    const definition = this.definitions.get(provider);
    if (!definition) {
      throw new IntegrationError("INTERNAL", `Unknown integration provider "${provider}".`, {
        provider,
        kind: "invalid_response",
        retryable: false,
      });
    }
    return definition;
  }

  /** The provider's runtime, created on first use with the circuit state other instances persisted. */
  runtime(provider: string): Promise<ProviderRuntime> {
    const ready = this.runtimes.get(provider);
    if (ready) return Promise.resolve(ready);
    let pending = this.pendingRuntimes.get(provider);
    if (!pending) {
      pending = this.createRuntime(this.definition(provider)).finally(() =>
        this.pendingRuntimes.delete(provider),
      );
      this.pendingRuntimes.set(provider, pending);
    }
    return pending;
  }

  /** The runtime if it exists already, without creating it. */
  loadedRuntime(provider: string): ProviderRuntime | undefined {
    return this.runtimes.get(provider);
  }

  private async createRuntime(definition: ProviderDefinition): Promise<ProviderRuntime> {
    const clock = this.services.clock;
    // Without the database the provider still works, on this instance's own breaker state.
    const shared = await this.circuitStore.load(definition.name).catch((error: unknown) => {
      logger.warn(
        { err: error, provider: definition.name },
        "could not read circuit state; starting closed",
      );
      return null;
    });
    const store =
      this.options.rateLimitStore === "memory"
        ? { memory: true as const }
        : { pool: (this.options.pool ?? getPool)() };
    const runtime: ProviderRuntime = {
      definition,
      circuit: new ProviderCircuit(definition, this.circuitStore, this.instanceId, shared),
      limiter: new SharedTokenBucket(definition.name, definition.rateLimitPerSecond, clock, store),
      budget: new RetryBudget(
        {
          ratio: definition.retry.budgetRatio,
          minRetries: definition.retry.budgetMinRetries,
          windowMs: definition.retry.budgetWindowMs,
        },
        clock,
      ),
      retryPolicy: createRetryPolicy(definition),
      attemptTimeout: createAttemptTimeout(definition.timeouts.attemptMs),
      cooperativeTimeout: createAttemptTimeout(definition.timeouts.attemptMs, true),
    };
    this.runtimes.set(definition.name, runtime);
    return runtime;
  }

  /**
   * Runs one logical provider call through deadline, retry (with budget), circuit breaker, rate
   * limit and per-attempt timeout, logging every attempt. Returns the parsed body or throws
   * IntegrationError.
   */
  call(request: ProviderCallRequest, attempt: AttemptFn): Promise<ProviderCallResult<unknown>>;
  call<T>(
    request: ProviderCallRequest,
    attempt: AttemptFn,
    schema: z.ZodType<T>,
  ): Promise<ProviderCallResult<T>>;
  call<T>(
    request: ProviderCallRequest,
    attempt: AttemptFn,
    schema?: z.ZodType<T>,
  ): Promise<ProviderCallResult<T | unknown>> {
    const bodySchema = schema ?? anyBody;
    const runtime = this.runtimes.get(request.provider);
    // Not an async function: a loaded runtime goes straight on without an extra promise hop.
    if (runtime) return executeCall<T | unknown>(this.services, runtime, request, attempt, bodySchema);
    try {
      return this.runtime(request.provider).then((loaded) =>
        executeCall<T | unknown>(this.services, loaded, request, attempt, bodySchema),
      );
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Writes buffered log rows, usage counts and circuit transitions now. */
  async flush(): Promise<void> {
    await Promise.all([...this.runtimes.values()].map((runtime) => runtime.circuit.flush()));
    await this.callLog.flush();
    await this.meter.flush();
  }

  /** Stops the timers and flushes; call on process shutdown. */
  async shutdown(): Promise<void> {
    await Promise.all([...this.runtimes.values()].map((runtime) => runtime.circuit.flush()));
    await this.callLog.stop();
    await this.meter.stop();
  }
}

const globalForCore = globalThis as unknown as { integrationCore?: IntegrationCore };

/** The process-wide core, built on first use from the validated configuration. */
export function getIntegrationCore(): IntegrationCore {
  globalForCore.integrationCore ??= new IntegrationCore();
  return globalForCore.integrationCore;
}

/** Flushes and stops the process-wide core, if one was started. */
export async function shutdownIntegrationCore(): Promise<void> {
  const core = globalForCore.integrationCore;
  globalForCore.integrationCore = undefined;
  await core?.shutdown();
}

/** callProvider(...) on the process-wide core. */
export function callProvider(
  request: ProviderCallRequest,
  attempt: AttemptFn,
): Promise<ProviderCallResult<unknown>>;
export function callProvider<T>(
  request: ProviderCallRequest,
  attempt: AttemptFn,
  schema: z.ZodType<T>,
): Promise<ProviderCallResult<T>>;
export function callProvider<T>(
  request: ProviderCallRequest,
  attempt: AttemptFn,
  schema?: z.ZodType<T>,
): Promise<ProviderCallResult<T | unknown>> {
  const core = getIntegrationCore();
  return schema ? core.call(request, attempt, schema) : core.call(request, attempt);
}
