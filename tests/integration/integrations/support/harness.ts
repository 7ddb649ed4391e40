import { randomUUID } from "node:crypto";
import type { Actor } from "@/lib/auth/permissions";
import type { Clock } from "@/lib/integrations/core/clock";
import {
  DEFAULT_BREAKER,
  DEFAULT_HEADERS,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUTS,
} from "@/lib/integrations/core/config";
import type { ProviderDefinition } from "@/lib/integrations/core/config-schema";
import { IntegrationCore, type IntegrationCoreOptions } from "@/lib/integrations/core/core";
import { parseGenericError } from "@/lib/integrations/providers/generic/errors";
import { randomEmail, randomId } from "../../../support/factories";

type Section = "timeouts" | "retry" | "breaker" | "headers";
type ProviderOverrides = Partial<Omit<ProviderDefinition, Section>> & {
  [K in Section]?: Partial<ProviderDefinition[K]>;
};

/** A provider pointed at the simulator, with a fresh name so tests never share circuit or bucket state. */
export function simProvider(
  baseUrl: string,
  overrides: ProviderOverrides = {},
): ProviderDefinition {
  return {
    name: overrides.name ?? randomId("sim-"),
    displayName: overrides.displayName ?? "Simulated provider",
    baseUrl,
    auth: overrides.auth ?? { scheme: "none" },
    rateLimitPerSecond: overrides.rateLimitPerSecond ?? 10_000,
    timeouts: { ...DEFAULT_TIMEOUTS, attemptMs: 5_000, ...overrides.timeouts },
    retry: { ...DEFAULT_RETRY, ...overrides.retry },
    breaker: { ...DEFAULT_BREAKER, ...overrides.breaker },
    headers: { ...DEFAULT_HEADERS, idempotencyKey: "Idempotency-Key", ...overrides.headers },
    parseError: overrides.parseError ?? parseGenericError,
  };
}

/**
 * Virtual time for backoff and Retry-After: `sleep` moves the clock forward at once instead of
 * waiting, and the simulator stamps requests with the same clock. Real time still passes too.
 */
export function virtualClock(): Clock & { slept: number[] } {
  let offset = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => Date.now() + offset,
    async sleep(ms) {
      slept.push(ms);
      offset += Math.max(0, ms);
      await Promise.resolve();
    },
  };
}

export function makeCore(
  providers: ProviderDefinition[],
  options: Partial<IntegrationCoreOptions> = {},
) {
  return new IntegrationCore({
    providers,
    logFlushIntervalMs: 60_000,
    usageFlushIntervalMs: 60_000,
    retentionDays: 30,
    ...options,
  });
}

export function adminActor(): Actor {
  return { id: randomUUID(), email: randomEmail(), role: "ADMIN" };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Largest number of timestamps inside any closed window [t, t + windowMs]. */
export function maxInAnyWindow(timestamps: number[], windowMs: number): number {
  const sorted = [...timestamps].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) > windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
