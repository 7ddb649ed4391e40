/**
 * The sign-in limits, as pure decisions (tests drive them with made-up counters):
 *
 * - per account and address: 5 failures in 15 minutes block that pair for 15 minutes, and each
 *   failure makes the pair wait 1, 2, 4, 8… seconds (at most 30) before its next attempt;
 * - per address: 30 failures in 15 minutes block the address for 15 minutes, whatever accounts
 *   it tries;
 * - per account: past 20 failures in 15 minutes from anywhere, only addresses that have signed
 *   in to that account in the last 30 days may keep trying, so an attacker spread over many
 *   addresses slows guessing to a crawl but cannot keep the real user out.
 *
 * There is no hard account lock. An admin sees the counters on the Users page and can clear them.
 */
export const SIGN_IN_LIMITS = {
  windowSeconds: 15 * 60,
  perPair: 5,
  perAddress: 30,
  perAccount: 20,
  maxDelaySeconds: 30,
  knownAddressDays: 30,
} as const;

export function progressiveDelaySeconds(pairFailures: number): number {
  if (pairFailures <= 0) return 0;
  return Math.min(2 ** (pairFailures - 1), SIGN_IN_LIMITS.maxDelaySeconds);
}

export interface CounterState {
  failures: number;
  msBeforeReset: number;
}

export type SignInLimit = "pair" | "delay" | "address" | "account";

export function signInDecision(state: {
  pair: CounterState;
  address: CounterState;
  account: CounterState;
  delayMs: number;
  knownAddress: boolean;
}): { allowed: true } | { allowed: false; limit: SignInLimit; retryAfterSeconds: number } {
  const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
  if (state.pair.failures >= SIGN_IN_LIMITS.perPair)
    return { allowed: false, limit: "pair", retryAfterSeconds: seconds(state.pair.msBeforeReset) };
  if (state.address.failures >= SIGN_IN_LIMITS.perAddress) {
    return {
      allowed: false,
      limit: "address",
      retryAfterSeconds: seconds(state.address.msBeforeReset),
    };
  }
  if (state.delayMs > 0)
    return { allowed: false, limit: "delay", retryAfterSeconds: seconds(state.delayMs) };
  if (state.account.failures >= SIGN_IN_LIMITS.perAccount && !state.knownAddress) {
    return {
      allowed: false,
      limit: "account",
      retryAfterSeconds: seconds(state.account.msBeforeReset),
    };
  }
  return { allowed: true };
}
