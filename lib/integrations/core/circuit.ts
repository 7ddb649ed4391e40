import {
  BrokenCircuitError,
  CircuitState,
  circuitBreaker,
  handleWhen,
  type CircuitBreakerPolicy,
} from "cockatiel";
import { z } from "zod";
import { logger } from "@/lib/logger";
import type { ProviderDefinition } from "./config-schema";
import type { CircuitPhase, CircuitStore, SharedCircuitView } from "./circuit-store";
import { FailureAndSlowCallBreaker } from "./breaker";
import { AttemptFailure, AttemptSuccess } from "./attempt";
import type { Clock } from "./clock";
import { countsAgainstBreaker } from "./outcome";

const SHARED_VIEW_TTL_MS = 1_000;

const snapshotSchema = z.object({
  ownState: z.object({
    value: z.literal(CircuitState.Open),
    openedAt: z.number(),
    attemptNo: z.number().int(),
  }),
  breakerState: z.unknown(),
});

function phaseOf(state: CircuitState): CircuitPhase {
  if (state === CircuitState.Open || state === CircuitState.Isolated) return "OPEN";
  if (state === CircuitState.HalfOpen) return "HALF_OPEN";
  return "CLOSED";
}

/** A ticket to run one call through the circuit; `release` gives back an unused half-open trial slot. */
export interface Admission {
  bypass: boolean;
  release(): void;
}

const noop = () => {};
/** The admissions that hold no trial slot, shared so that admitting a call allocates nothing. */
const BYPASS: Admission = Object.freeze({ bypass: true, release: noop });
const ADMITTED: Admission = Object.freeze({ bypass: false, release: noop });

/**
 * One provider's circuit breaker: cockatiel's policy for the closed / open / half-open logic, plus
 * what it lacks. It admits only `halfOpenMaxCalls` trial calls per half-open period and fails the
 * rest fast (cockatiel would make them wait); it honours admin overrides and circuits opened by
 * other instances, read from the database with a short cache; it persists every transition.
 */
export class ProviderCircuit {
  private policy!: CircuitBreakerPolicy;
  private breaker!: FailureAndSlowCallBreaker;
  private localOpenUntil = 0;
  private trialsAdmitted = 0;
  private shared: SharedCircuitView | null;
  private sharedLoadedAt: number;
  private refreshing = false;
  private generation: number;
  private persistChain: Promise<void> = Promise.resolve();

  constructor(
    private readonly definition: ProviderDefinition,
    private readonly store: CircuitStore,
    private readonly instanceId: string,
    initial: SharedCircuitView | null,
    private readonly clock: Pick<Clock, "now">,
  ) {
    this.shared = initial;
    this.sharedLoadedAt = clock.now();
    this.generation = initial?.generation ?? 0;
    const resume =
      initial && !initial.forcedState && initial.state !== "CLOSED" ? initial.snapshot : undefined;
    this.build(resume);
  }

  private build(snapshot: unknown) {
    const { breaker: settings } = this.definition;
    this.breaker = new FailureAndSlowCallBreaker(settings);
    const parsed = snapshotSchema.safeParse(snapshot);
    const policy = circuitBreaker(
      handleWhen(
        (error) => error instanceof AttemptFailure && countsAgainstBreaker(error.outcome),
      ).orWhenResult((result) => result instanceof AttemptSuccess && result.slow),
      {
        breaker: this.breaker,
        halfOpenAfter: settings.halfOpenAfterMs,
        halfOpenSampling: { calls: settings.halfOpenMaxCalls, threshold: 0 },
        initialState: parsed.success ? parsed.data : undefined,
      },
    );
    this.breaker.lastFailure = () => policy.lastFailure;
    this.localOpenUntil = parsed.success
      ? parsed.data.ownState.openedAt + settings.halfOpenAfterMs
      : 0;
    this.trialsAdmitted = 0;
    let previous = policy.state;
    policy.onStateChange((next) => {
      const from = phaseOf(previous);
      previous = next;
      if (next === CircuitState.Open)
        this.localOpenUntil = this.clock.now() + settings.halfOpenAfterMs;
      if (next !== CircuitState.HalfOpen) this.trialsAdmitted = 0;
      this.persist(from, phaseOf(next));
    });
    this.policy = policy;
  }

  private persist(from: CircuitPhase, to: CircuitPhase) {
    const openedAt =
      to === "OPEN" ? this.localOpenUntil - this.definition.breaker.halfOpenAfterMs : null;
    const transition = {
      from,
      to,
      openedAt,
      openUntil: to === "OPEN" ? this.localOpenUntil : null,
      snapshot: this.policy.toJSON(),
      instanceId: this.instanceId,
    };
    if (this.shared && !this.shared.forcedState) {
      this.shared = { ...this.shared, state: to, openedAt, openUntil: transition.openUntil };
    }
    const level = to === "OPEN" ? "warn" : "info";
    logger[level]({ provider: this.definition.name, from, to }, "circuit state changed");
    this.persistChain = this.persistChain
      .then(() => this.store.recordAutomatic(this.definition.name, transition))
      .catch((error: unknown) =>
        logger.error(
          { err: error, provider: this.definition.name },
          "could not persist circuit state",
        ),
      );
  }

  /** Resolves when every transition seen so far is in the database. */
  flush(): Promise<void> {
    return this.persistChain;
  }

  /** The state callers experience right now, overrides included. */
  effectiveState(): CircuitPhase {
    const forced = this.shared?.forcedState;
    if (forced) return forced;
    const local = phaseOf(this.policy.state);
    if (local === "CLOSED" && this.openElsewhere()) return "OPEN";
    return local;
  }

  /** Replaces the cached shared view, e.g. right after an admin action in this process. */
  applyShared(view: SharedCircuitView | null) {
    this.shared = view;
    this.sharedLoadedAt = this.clock.now();
    if (view && view.generation !== this.generation) {
      // An admin reset happened: forget what this instance had counted.
      this.generation = view.generation;
      this.build(undefined);
    }
  }

  private refreshShared() {
    if (this.refreshing || this.clock.now() - this.sharedLoadedAt < SHARED_VIEW_TTL_MS) return;
    this.refreshing = true;
    this.store
      .load(this.definition.name)
      .then((view) => this.applyShared(view))
      .catch((error: unknown) =>
        logger.warn({ err: error, provider: this.definition.name }, "could not read circuit state"),
      )
      .finally(() => {
        this.refreshing = false;
        this.sharedLoadedAt = this.clock.now();
      });
  }

  private openElsewhere(): boolean {
    const shared = this.shared;
    return Boolean(
      shared &&
      shared.state === "OPEN" &&
      shared.openUntil !== null &&
      shared.openUntil > this.clock.now(),
    );
  }

  private rejection(detail: string, retryAfterMs: number): AttemptFailure {
    return new AttemptFailure({
      kind: "circuit_open",
      detail,
      retryAfterMs: Math.max(0, retryAfterMs),
    });
  }

  /** Decides synchronously, without I/O, whether a call may go out; throws a circuit_open failure if not. */
  admit(): Admission {
    this.refreshShared();
    const forced = this.shared?.forcedState;
    if (forced === "FORCED_OPEN") {
      throw this.rejection(
        "circuit held open by an administrator",
        this.definition.breaker.halfOpenAfterMs,
      );
    }
    if (forced === "FORCED_CLOSED") return BYPASS;
    const state = this.policy.state;
    const now = this.clock.now();
    let trial = state === CircuitState.HalfOpen;
    if (state === CircuitState.Open) {
      if (now < this.localOpenUntil)
        throw this.rejection("circuit open", this.localOpenUntil - now);
      trial = true;
    } else if (state === CircuitState.Closed && this.openElsewhere()) {
      throw this.rejection("circuit open", (this.shared?.openUntil ?? now) - now);
    }
    if (!trial) return ADMITTED;
    if (this.trialsAdmitted >= this.definition.breaker.halfOpenMaxCalls) {
      throw this.rejection("circuit half-open, trial calls in progress", 1_000);
    }
    this.trialsAdmitted += 1;
    let released = false;
    return {
      bypass: false,
      release: () => {
        if (released) return;
        released = true;
        if (this.trialsAdmitted > 0) this.trialsAdmitted -= 1;
      },
    };
  }

  /** Runs an admitted call through cockatiel's breaker; a refusal by cockatiel becomes ours. */
  async run<T>(admission: Admission, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (admission.bypass) return fn();
    try {
      return await this.policy.execute(fn, signal);
    } catch (error) {
      // Another caller's trial decided meanwhile and cockatiel refused this one.
      if (error instanceof BrokenCircuitError) {
        throw this.rejection("circuit open", this.localOpenUntil - this.clock.now());
      }
      throw error;
    }
  }
}
