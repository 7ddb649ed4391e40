import { CircuitState, type FailureReason, type IBreaker } from "cockatiel";
import { z } from "zod";

const OK = 0;
const FAILED = 1;
const SLOW = 2;
type Sample = typeof OK | typeof FAILED | typeof SLOW | null;

const breakerStateSchema = z.object({
  samples: z.array(z.union([z.literal(OK), z.literal(FAILED), z.literal(SLOW), z.null()])),
  next: z.number().int().min(0),
});

export interface RateBreakerOptions {
  failureRateThreshold: number;
  slowCallRateThreshold: number;
  minimumCalls: number;
  windowSize: number;
}

/**
 * A cockatiel breaker over the last `windowSize` calls that opens on either the failure rate or
 * the slow-call rate, once `minimumCalls` have been seen. Cockatiel reports only "failed", so a
 * slow success is returned to it as a failing *result* (see the policy's result filter) and told
 * apart from a thrown error through `lastFailure`, which cockatiel sets just before calling us.
 */
export class FailureAndSlowCallBreaker implements IBreaker {
  private samples: Sample[];
  private next = 0;
  lastFailure: () => FailureReason<unknown> | undefined = () => undefined;

  constructor(private readonly options: RateBreakerOptions) {
    this.samples = new Array<Sample>(options.windowSize).fill(null);
  }

  get state(): unknown {
    return { samples: [...this.samples], next: this.next };
  }

  set state(value: unknown) {
    const parsed = breakerStateSchema.safeParse(value);
    if (!parsed.success || parsed.data.samples.length !== this.options.windowSize) return;
    this.samples = parsed.data.samples;
    this.next = parsed.data.next % this.options.windowSize;
  }

  success(state: CircuitState): void {
    if (state === CircuitState.HalfOpen) this.reset();
    this.push(OK);
  }

  failure(state: CircuitState): boolean {
    const reason = this.lastFailure();
    this.push(reason && "value" in reason ? SLOW : FAILED);
    if (state !== CircuitState.Closed) return true;
    const { total, failed, slow } = this.counts();
    if (total < this.options.minimumCalls) return false;
    return (
      failed / total >= this.options.failureRateThreshold ||
      slow / total >= this.options.slowCallRateThreshold
    );
  }

  counts(): { total: number; failed: number; slow: number } {
    let total = 0;
    let failed = 0;
    let slow = 0;
    for (const sample of this.samples) {
      if (sample === null) continue;
      total += 1;
      if (sample === FAILED) failed += 1;
      if (sample === SLOW) slow += 1;
    }
    return { total, failed, slow };
  }

  private reset() {
    this.samples.fill(null);
    this.next = 0;
  }

  private push(sample: Sample) {
    this.samples[this.next] = sample;
    this.next = (this.next + 1) % this.samples.length;
  }
}
