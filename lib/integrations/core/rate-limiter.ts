import type pg from "pg";
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import { unnamedStatements } from "@/lib/db/unnamed-statements";
import { logger } from "@/lib/logger";
import { AttemptFailure } from "./attempt";
import type { Clock } from "./clock";
import { planRateWindows, type RatePlan } from "./rate-plan";

export interface TokenSource {
  /** Takes a token if one is at hand without waiting (nobody queued, a leased one left). */
  tryAcquire(): boolean;
  /** Resolves when a token is held; rejects with a rate_limited AttemptFailure at the deadline. */
  acquire(deadlineAt: number, signal?: AbortSignal): Promise<void>;
  readonly plan: RatePlan;
}

interface Waiter {
  deadlineAt: number;
  resolve(): void;
  reject(error: unknown): void;
  settled: boolean;
  timer?: ReturnType<typeof setTimeout>;
  cleanup?: () => void;
}

type Refill = { granted: true } | { granted: false; msBeforeNext: number };

/**
 * A provider's token bucket, shared by every instance through rate-limiter-flexible's PostgreSQL
 * store (see rate-plan.ts for the window layout). Callers queue here in arrival order and only the
 * head of the queue talks to the database, so a backlog costs one query per window, not one per
 * waiter. When a window allows several requests, a slice of it is taken in one query and handed
 * out locally until the window ends ("lease"), which keeps the database off the hot path.
 *
 * A provider in use gets its next slice before it is needed: another when a quarter of the lease
 * is left, and, when a window with calls in it ends, twice what that window used (at most a full
 * slice). Without that, the first call of every window waited for the database. An idle provider
 * costs no queries, and traffic that stops leaves at most one small slice unused.
 *
 * rate-limiter-flexible's RateLimiterQueue would replace the waiter queue only in part: its
 * deadlines are whole seconds, it cannot be cancelled by a caller's signal, and it asks the store
 * once per waiting call instead of once per slice. The store's windows follow the wall clock, so
 * the injected clock must too (the system clock does; tests that jump a virtual clock ahead only
 * make leases end early).
 */
export class SharedTokenBucket implements TokenSource {
  readonly plan: RatePlan;
  private readonly limiter: RateLimiterAbstract;
  private readonly queue: Waiter[] = [];
  private pumping = false;
  private leaseTokens = 0;
  private leaseExpiresAt = 0;
  private usedThisWindow = 0;
  private readonly leaseSize: number;
  private refilling: Promise<Refill> | undefined;
  private windowEndTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly provider: string,
    limitPerSecond: number,
    private readonly clock: Clock,
    store: { pool: pg.Pool } | { memory: true },
  ) {
    this.plan = planRateWindows(limitPerSecond);
    // A quarter of a window per query leaves room for other instances in the same window.
    this.leaseSize = Math.max(1, Math.floor(this.plan.pointsPerWindow / 4));
    const options = {
      keyPrefix: `integration:${provider}`,
      points: this.plan.pointsPerWindow,
      duration: this.plan.windowMs / 1000,
    };
    // If the database is unreachable the bucket degrades to a per-process one rather than failing calls.
    const insurance = new RateLimiterMemory(options);
    this.limiter =
      "pool" in store
        ? new RateLimiterPostgres({
            ...options,
            storeClient: unnamedStatements(store.pool),
            storeType: "pool",
            tableName: "rate_limit_buckets",
            tableCreated: true,
            clearExpiredByTimeout: false,
            insuranceLimiter: insurance,
          })
        : insurance;
  }

  tryAcquire(): boolean {
    return this.queue.length === 0 && this.takeLeased();
  }

  acquire(deadlineAt: number, signal?: AbortSignal): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { deadlineAt, resolve, reject, settled: false };
      const remaining = deadlineAt - this.clock.now();
      if (remaining <= 0) {
        reject(this.rateLimited(0));
        return;
      }
      waiter.timer = setTimeout(() => this.settle(waiter, this.rateLimited(0)), remaining);
      if (signal) {
        const onAbort = () => this.settle(waiter, signal.reason);
        signal.addEventListener("abort", onAbort, { once: true });
        // Callers share long-lived signals; a listener left behind would pile up on them.
        waiter.cleanup = () => signal.removeEventListener("abort", onAbort);
      }
      this.queue.push(waiter);
      void this.pump();
    });
  }

  private takeLeased(): boolean {
    if (this.leaseTokens > 0 && this.clock.now() < this.leaseExpiresAt) {
      this.leaseTokens -= 1;
      this.usedThisWindow += 1;
      if (this.leaseSize >= 4 && this.leaseTokens === Math.floor(this.leaseSize / 4)) {
        this.refillAhead();
      }
      return true;
    }
    return false;
  }

  /** Takes another slice now, without anyone waiting for it; a full window is not an error here. */
  private refillAhead(points = this.leaseSize) {
    if (this.refilling) return;
    this.refill(points).catch((error: unknown) =>
      logger.debug({ err: error, provider: this.provider }, "could not fetch a token lease ahead"),
    );
  }

  /**
   * One query for a slice of the current window, shared by whoever asks while it runs. Tokens
   * may be used only inside the window that granted them (see rate-plan.ts), so a slice from a
   * new window replaces what is left, and one from the same window adds to it.
   */
  private refill(points = this.leaseSize): Promise<Refill> {
    this.refilling ??= this.limiter
      .consume("bucket", points)
      .then(
        (granted): Refill => {
          const now = this.clock.now();
          const expiresAt = now + Math.max(0, granted.msBeforeNext - 1);
          // The store's window end, read twice, may differ by a millisecond of rounding.
          const sameWindow = now < this.leaseExpiresAt && expiresAt <= this.leaseExpiresAt + 1;
          if (sameWindow) {
            this.leaseTokens += points;
          } else {
            this.leaseTokens = points;
            this.leaseExpiresAt = expiresAt;
            this.usedThisWindow = 0;
            this.watchWindowEnd(expiresAt);
          }
          return { granted: true };
        },
        (rejection: unknown): Refill => {
          if (!(rejection instanceof RateLimiterRes)) throw rejection;
          return { granted: false, msBeforeNext: Math.max(1, rejection.msBeforeNext) };
        },
      )
      .finally(() => {
        this.refilling = undefined;
      });
    return this.refilling;
  }

  private watchWindowEnd(expiresAt: number) {
    if (this.windowEndTimer) clearTimeout(this.windowEndTimer);
    this.windowEndTimer = setTimeout(
      () => {
        this.windowEndTimer = undefined;
        const used = this.usedThisWindow;
        if (used > 0) this.refillAhead(Math.min(this.leaseSize, used * 2));
      },
      Math.max(0, expiresAt - this.clock.now() + 1),
    );
    this.windowEndTimer.unref();
  }

  private settle(waiter: Waiter, error?: unknown) {
    if (waiter.settled) return;
    waiter.settled = true;
    if (waiter.timer) clearTimeout(waiter.timer);
    waiter.cleanup?.();
    const index = this.queue.indexOf(waiter);
    if (index >= 0) this.queue.splice(index, 1);
    if (error === undefined) waiter.resolve();
    else waiter.reject(error);
  }

  private rateLimited(retryAfterMs: number): AttemptFailure {
    return new AttemptFailure({ kind: "rate_limited", retryAfterMs });
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        const head = this.queue[0];
        if (!head) break;
        if (this.takeLeased()) {
          this.settle(head);
          continue;
        }
        const outcome = await this.refill();
        if (!outcome.granted) {
          const wait = outcome.msBeforeNext;
          // Whoever cannot be served before their deadline leaves now with a clear error.
          const wakeAt = this.clock.now() + wait;
          for (const waiter of [...this.queue]) {
            if (waiter.deadlineAt < wakeAt) this.settle(waiter, this.rateLimited(wait));
          }
          if (this.queue.length > 0) await this.clock.sleep(wait);
        }
      }
    } catch (error) {
      for (const waiter of [...this.queue]) this.settle(waiter, error);
    } finally {
      this.pumping = false;
    }
  }
}
