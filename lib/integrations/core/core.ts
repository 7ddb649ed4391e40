import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { z } from "zod";
import { getDb, type Db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { logger } from "@/lib/logger";
import { ApiCallLog } from "./call-log";
import { CallMinuteMeter } from "./call-minutes";
import { ProviderCircuit } from "./circuit";
import { createDbCircuitStore, type CircuitStore } from "./circuit-store";
import { systemClock, type Clock } from "./clock";
import type { ProviderDefinition } from "./config-schema";
import {
  createRetryPolicy,
  runCall,
  type PipelineServices,
  type ProviderRuntime,
} from "./pipeline";
import { UsageMeter } from "./quota";
import { SharedTokenBucket } from "./rate-limiter";
import { RetryBudget } from "./retry-budget";
import { CallTelemetry } from "./telemetry";
import type { AttemptFn, ProviderCallRequest, ProviderCallResult } from "./types";

export interface IntegrationCoreOptions {
  providers: ProviderDefinition[];
  clock?: Clock;
  random?: () => number;
  db?: () => Db;
  pool?: () => pg.Pool;
  circuitStore?: CircuitStore;
  /** "postgres" (default) shares buckets across instances; "memory" is per process. */
  rateLimitStore?: "postgres" | "memory";
  logFlushIntervalMs?: number;
  usageFlushIntervalMs?: number;
  retentionDays: number;
  instanceId?: string;
}

/**
 * The integration core of one process: a runtime (breaker, bucket, budget) per provider, the
 * buffered API-call log and the usage meter. Tests build their own; the app has one
 * (lib/integrations/runtime.ts), built from the provider registry.
 */
export class IntegrationCore {
  readonly instanceId: string;
  readonly callLog: ApiCallLog;
  readonly meter: UsageMeter;
  readonly callMinutes: CallMinuteMeter;
  readonly circuitStore: CircuitStore;
  readonly clock: Clock;
  private readonly definitions: Map<string, ProviderDefinition>;
  private readonly runtimes = new Map<string, ProviderRuntime>();
  private readonly pendingRuntimes = new Map<string, Promise<ProviderRuntime>>();
  private readonly services: PipelineServices;

  constructor(private readonly options: IntegrationCoreOptions) {
    this.definitions = new Map(
      options.providers.map((definition) => [definition.name, definition]),
    );
    this.instanceId = options.instanceId ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
    this.clock = options.clock ?? systemClock;
    const db = options.db ?? getDb;
    this.callLog = new ApiCallLog({
      db,
      pool: options.pool,
      flushIntervalMs: options.logFlushIntervalMs,
      retentionDays: options.retentionDays,
    });
    this.meter = new UsageMeter(db, options.usageFlushIntervalMs);
    this.callMinutes = new CallMinuteMeter(db);
    this.circuitStore = options.circuitStore ?? createDbCircuitStore(db);
    this.services = {
      clock: this.clock,
      random: options.random ?? Math.random,
      telemetry: new CallTelemetry(this.callLog, this.meter, this.callMinutes),
    };
    this.callLog.start();
    this.meter.start();
    this.callMinutes.start();
  }

  providerNames(): string[] {
    return [...this.definitions.keys()];
  }

  hasProvider(provider: string): boolean {
    return this.definitions.has(provider);
  }

  definition(provider: string): ProviderDefinition {
    const definition = this.definitions.get(provider);
    // A programming error (callers name providers from the registry), not a user-facing one.
    if (!definition) throw new Error(`Unknown integration provider "${provider}".`);
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
      circuit: new ProviderCircuit(
        definition,
        this.circuitStore,
        this.instanceId,
        shared,
        this.clock,
      ),
      limiter: new SharedTokenBucket(
        definition.name,
        definition.rateLimitPerSecond,
        this.clock,
        store,
      ),
      budget: new RetryBudget(
        {
          ratio: definition.retry.budgetRatio,
          minRetries: definition.retry.budgetMinRetries,
          windowMs: definition.retry.budgetWindowMs,
        },
        this.clock,
      ),
      retryPolicy: createRetryPolicy(definition),
    };
    this.runtimes.set(definition.name, runtime);
    return runtime;
  }

  /**
   * Runs one logical provider call through deadline, retry (with budget), circuit breaker, rate
   * limit and per-attempt timeout, logging every attempt. Returns the body (parsed by `schema`
   * when one is given) or throws IntegrationError.
   */
  call(request: ProviderCallRequest, attempt: AttemptFn): Promise<ProviderCallResult<unknown>>;
  call<T>(
    request: ProviderCallRequest,
    attempt: AttemptFn,
    schema: z.ZodType<T>,
  ): Promise<ProviderCallResult<T>>;
  async call<T>(
    request: ProviderCallRequest,
    attempt: AttemptFn,
    schema?: z.ZodType<T>,
  ): Promise<ProviderCallResult<T | unknown>> {
    const runtime = await this.runtime(request.provider);
    return runCall(this.services, runtime, request, attempt, schema);
  }

  /** Writes buffered log rows, usage counts and circuit transitions now. */
  async flush(): Promise<void> {
    await Promise.all([...this.runtimes.values()].map((runtime) => runtime.circuit.flush()));
    await this.callLog.flush();
    await this.meter.flush();
    await this.callMinutes.flush();
  }

  /** Stops the timers and flushes; call on process shutdown. */
  async shutdown(): Promise<void> {
    await Promise.all([...this.runtimes.values()].map((runtime) => runtime.circuit.flush()));
    await this.callLog.stop();
    await this.meter.stop();
    await this.callMinutes.stop();
  }
}
