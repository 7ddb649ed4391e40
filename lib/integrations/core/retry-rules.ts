/** Pure rules for whether and when to retry; the retry loop itself is cockatiel's. */

const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/** A request may be repeated when the method is idempotent or the provider deduplicates by key. */
export function mayRepeat(method: string, idempotencyKey: string | undefined): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase()) || Boolean(idempotencyKey);
}

export type RetryHint = "retry" | "no-retry" | undefined;

export function readRetryHint(value: string | null | undefined): RetryHint {
  if (value == null) return undefined;
  const normalized = value.trim().toLowerCase();
  if (normalized === "true") return "retry";
  if (normalized === "false") return "no-retry";
  return undefined;
}

/**
 * Statuses worth another attempt: 408, 429 and 5xx (but not 501, which will not change), and
 * 409 only when the provider says so (Stripe sends 409 with Stripe-Should-Retry: true while a
 * request with the same idempotency key is still in flight). An explicit "do not retry" wins.
 */
export function isRetryableStatus(status: number, hint: RetryHint): boolean {
  if (hint === "no-retry") return false;
  if (hint === "retry") return status === 409 || status === 408 || status === 429 || status >= 500;
  if (status === 408 || status === 429) return true;
  return status >= 500 && status !== 501;
}

/** Retry-After as seconds or as an HTTP-date, in milliseconds from `now`; undefined if absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** "Full jitter" (AWS architecture blog): uniform in [0, min(cap, base * 2^(retry-1))]. */
export function fullJitterBound(
  retryNumber: number,
  baseDelayMs: number,
  maxDelayMs: number,
): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, retryNumber - 1));
}

export function fullJitterDelay(
  retryNumber: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): number {
  return Math.floor(random() * fullJitterBound(retryNumber, baseDelayMs, maxDelayMs));
}
