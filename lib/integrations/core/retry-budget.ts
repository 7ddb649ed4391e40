import type { Clock } from "./clock";

/**
 * Retries allowed per provider over a sliding window: a floor plus a fraction of first attempts
 * (the "retry budget" of Finagle and gRPC). Without it, N callers x M attempts during an outage
 * multiplies the load on a provider that is already failing.
 */
export class RetryBudget {
  private readonly slotMs: number;
  private readonly requests: number[];
  private readonly retries: number[];
  private readonly slotStart: number[];

  constructor(
    private readonly options: { ratio: number; minRetries: number; windowMs: number },
    private readonly clock: Pick<Clock, "now">,
    slots = 10,
  ) {
    this.slotMs = Math.max(1, Math.ceil(options.windowMs / slots));
    this.requests = new Array<number>(slots).fill(0);
    this.retries = new Array<number>(slots).fill(0);
    this.slotStart = new Array<number>(slots).fill(-1);
  }

  private slot(): number {
    const now = this.clock.now();
    const start = Math.floor(now / this.slotMs) * this.slotMs;
    const index = Math.floor(now / this.slotMs) % this.requests.length;
    if (this.slotStart[index] !== start) {
      this.slotStart[index] = start;
      this.requests[index] = 0;
      this.retries[index] = 0;
    }
    return index;
  }

  private totals(): { requests: number; retries: number } {
    const horizon = this.clock.now() - this.options.windowMs;
    let requests = 0;
    let retries = 0;
    this.slotStart.forEach((start, index) => {
      if (start >= 0 && start + this.slotMs > horizon) {
        requests += this.requests[index] ?? 0;
        retries += this.retries[index] ?? 0;
      }
    });
    return { requests, retries };
  }

  recordRequest(): void {
    const index = this.slot();
    this.requests[index] = (this.requests[index] ?? 0) + 1;
  }

  /** Retries the window still allows on this instance, and how many it allows in all now. */
  remaining(): { left: number; allowed: number } {
    const { requests, retries } = this.totals();
    const allowed = Math.floor(this.options.minRetries + this.options.ratio * requests);
    return { left: Math.max(0, allowed - retries), allowed };
  }

  /** Takes one retry from the budget, or says no. */
  tryWithdraw(): boolean {
    const index = this.slot();
    const { requests, retries } = this.totals();
    if (retries + 1 > this.options.minRetries + this.options.ratio * requests) return false;
    this.retries[index] = (this.retries[index] ?? 0) + 1;
    return true;
  }
}
