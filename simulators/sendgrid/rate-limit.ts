/**
 * SendGrid's per-endpoint limits: every v3 answer says how many requests the current window
 * allows (X-RateLimit-Limit), how many are left (-Remaining) and when it resets (-Reset, unix
 * seconds); past the limit the answer is 429.
 */
export class EndpointRateLimits {
  private readonly windows = new Map<string, { resetAt: number; used: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Counts one request to `endpoint` at `now` (ms). */
  take(endpoint: string, now: number): { allowed: boolean; headers: Record<string, string> } {
    let window = this.windows.get(endpoint);
    if (!window || now >= window.resetAt) {
      window = { resetAt: (Math.floor(now / this.windowMs) + 1) * this.windowMs, used: 0 };
      this.windows.set(endpoint, window);
    }
    const allowed = window.used < this.limit;
    if (allowed) window.used += 1;
    return {
      allowed,
      headers: {
        "x-ratelimit-limit": String(this.limit),
        "x-ratelimit-remaining": String(Math.max(0, this.limit - window.used)),
        "x-ratelimit-reset": String(Math.floor(window.resetAt / 1000)),
      },
    };
  }

  clear(): void {
    this.windows.clear();
  }
}
