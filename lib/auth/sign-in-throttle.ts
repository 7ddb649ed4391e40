import "server-only";
import { createHash } from "node:crypto";
import { RateLimiterPostgres, type RateLimiterRes } from "rate-limiter-flexible";
import { getDb } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { unnamedStatements } from "@/lib/db/unnamed-statements";
import {
  progressiveDelaySeconds,
  SIGN_IN_LIMITS,
  signInDecision,
  type CounterState,
} from "./sign-in-limits";

// Counters live in PostgreSQL so that every instance throttles the same attacker.
const PREFIX = {
  pair: "signin-pair",
  address: "signin-ip",
  account: "signin-account",
  delay: "signin-delay",
} as const;

/** Emails are hashed into keys: they can be 254 characters, and the key column holds 255. */
export function accountKey(email: string): string {
  return createHash("sha256").update(email.toLowerCase()).digest("hex").slice(0, 32);
}

const addressKey = (ip: string | null) => ip ?? "unknown";
const pairKey = (email: string, ip: string | null) => `${accountKey(email)}:${addressKey(ip)}`;

type Limiters = Record<keyof typeof PREFIX, RateLimiterPostgres>;
let limiters: Limiters | undefined;

function limiter(keyPrefix: string, points: number) {
  return new RateLimiterPostgres({
    storeClient: unnamedStatements(getPool()),
    storeType: "pool",
    tableName: "rate_limit_buckets",
    tableCreated: true,
    keyPrefix,
    points,
    duration: SIGN_IN_LIMITS.windowSeconds,
    blockDuration: SIGN_IN_LIMITS.windowSeconds,
  });
}

function getLimiters(): Limiters {
  limiters ??= {
    pair: limiter(PREFIX.pair, SIGN_IN_LIMITS.perPair),
    address: limiter(PREFIX.address, SIGN_IN_LIMITS.perAddress),
    // The account counter never blocks by itself; signInDecision decides what it means.
    account: new RateLimiterPostgres({
      storeClient: unnamedStatements(getPool()),
      storeType: "pool",
      tableName: "rate_limit_buckets",
      tableCreated: true,
      keyPrefix: PREFIX.account,
      points: 1_000_000,
      duration: SIGN_IN_LIMITS.windowSeconds,
    }),
    delay: limiter(PREFIX.delay, 1),
  };
  return limiters;
}

const counter = (state: RateLimiterRes | null): CounterState => ({
  failures: state?.consumedPoints ?? 0,
  msBeforeReset: state?.msBeforeNext ?? 0,
});

/** Whether this email may try a password from this address now, and if not, for how long it waits. */
export async function signInAllowed(options: {
  email: string;
  ip: string | null;
  knownAddress: boolean;
}) {
  const { pair, address, account, delay } = getLimiters();
  const [pairState, addressState, accountState, delayState] = await Promise.all([
    pair.get(pairKey(options.email, options.ip)),
    address.get(addressKey(options.ip)),
    account.get(accountKey(options.email)),
    delay.get(pairKey(options.email, options.ip)),
  ]);
  return signInDecision({
    pair: counter(pairState),
    address: counter(addressState),
    account: counter(accountState),
    delayMs: delayState && delayState.consumedPoints > 1 ? delayState.msBeforeNext : 0,
    knownAddress: options.knownAddress,
  });
}

export async function recordFailedSignIn(email: string, ip: string | null): Promise<void> {
  const { pair, address, account, delay } = getLimiters();
  const [pairState] = await Promise.all([
    pair.penalty(pairKey(email, ip), 1),
    address.penalty(addressKey(ip), 1),
    account.penalty(accountKey(email), 1),
  ]);
  await delay.block(pairKey(email, ip), progressiveDelaySeconds(pairState.consumedPoints));
}

/** A right password clears its own address's counters; the account's stay until they expire or an admin clears them. */
export async function clearFailedSignIns(email: string, ip: string | null): Promise<void> {
  const { pair, delay } = getLimiters();
  await Promise.all([pair.delete(pairKey(email, ip)), delay.delete(pairKey(email, ip))]);
}

export interface SignInCounters {
  /** Failed sign-ins for the account in the current window, from any address. */
  accountFailures: number;
  /** Addresses currently blocked for this account. */
  blockedAddresses: number;
  /** Whether new addresses are currently refused for this account. */
  limited: boolean;
}

/** The counters the Users page shows, read straight from the shared table. */
export async function readSignInCounters(
  emails: string[],
  now = Date.now(),
): Promise<Map<string, SignInCounters>> {
  const hashes = new Map(emails.map((email) => [accountKey(email), email]));
  const rows = await getDb().rateLimitBucket.findMany({
    where: {
      OR: [
        { key: { in: [...hashes.keys()].map((hash) => `${PREFIX.account}:${hash}`) } },
        ...[...hashes.keys()].map((hash) => ({ key: { startsWith: `${PREFIX.pair}:${hash}:` } })),
      ],
    },
  });
  const result = new Map<string, SignInCounters>(
    emails.map((email) => [email, { accountFailures: 0, blockedAddresses: 0, limited: false }]),
  );
  for (const row of rows) {
    if (row.expire !== null && Number(row.expire) <= now) continue;
    const [prefix, hash] = row.key.split(":");
    const email = hashes.get(hash ?? "");
    const counters = email ? result.get(email) : undefined;
    if (!counters) continue;
    if (prefix === PREFIX.account) {
      counters.accountFailures = row.points;
      counters.limited = row.points >= SIGN_IN_LIMITS.perAccount;
    } else if (row.points >= SIGN_IN_LIMITS.perPair) {
      counters.blockedAddresses++;
    }
  }
  return result;
}

export async function clearSignInCounters(email: string): Promise<number> {
  const hash = accountKey(email);
  const result = await getDb().rateLimitBucket.deleteMany({
    where: {
      OR: [
        { key: `${PREFIX.account}:${hash}` },
        { key: { startsWith: `${PREFIX.pair}:${hash}:` } },
        { key: { startsWith: `${PREFIX.delay}:${hash}:` } },
      ],
    },
  });
  return result.count;
}
