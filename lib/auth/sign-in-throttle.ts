import "server-only";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { getPool } from "@/lib/db/pool";
import { unnamedStatements } from "@/lib/db/unnamed-statements";

// Counters live in PostgreSQL so that every instance throttles the same attacker.
const WINDOW_SECONDS = 15 * 60;

let limiters: { byEmail: RateLimiterPostgres; byIp: RateLimiterPostgres } | undefined;

function getLimiters() {
  limiters ??= {
    byEmail: new RateLimiterPostgres({
      storeClient: unnamedStatements(getPool()),
      storeType: "pool",
      tableName: "rate_limit_buckets",
      tableCreated: true,
      keyPrefix: "signin-email",
      points: 5,
      duration: WINDOW_SECONDS,
      blockDuration: WINDOW_SECONDS,
    }),
    byIp: new RateLimiterPostgres({
      storeClient: unnamedStatements(getPool()),
      storeType: "pool",
      tableName: "rate_limit_buckets",
      tableCreated: true,
      keyPrefix: "signin-ip",
      points: 30,
      duration: WINDOW_SECONDS,
      blockDuration: WINDOW_SECONDS,
    }),
  };
  return limiters;
}

/** Seconds until this email/IP may try again, or 0 when a sign-in attempt is allowed. */
export async function signInRetryAfter(email: string, ip: string | null): Promise<number> {
  const { byEmail, byIp } = getLimiters();
  const states = await Promise.all([byEmail.get(email), ip ? byIp.get(ip) : null]);
  const limits = [byEmail.points, byIp.points];
  let wait = 0;
  states.forEach((state, index) => {
    if (state && state.consumedPoints >= (limits[index] ?? Infinity)) {
      wait = Math.max(wait, Math.ceil(state.msBeforeNext / 1000));
    }
  });
  return wait;
}

export async function recordFailedSignIn(email: string, ip: string | null): Promise<void> {
  const { byEmail, byIp } = getLimiters();
  await Promise.all([
    byEmail.penalty(email, 1),
    ip ? byIp.penalty(ip, 1) : Promise.resolve(new RateLimiterRes()),
  ]);
}

export async function clearFailedSignIns(email: string): Promise<void> {
  await getLimiters().byEmail.delete(email);
}
