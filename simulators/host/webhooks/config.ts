import { z } from "zod";

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** The wait before the second attempt; it doubles for each one after. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface WebhookConfig {
  /** Where deliveries go; null sends nothing (events are still logged). */
  targetUrl: string | null;
  /** Deliver each event as the simulator emits it; off, only send() delivers. */
  autoDeliver: boolean;
  /** Automatic deliveries: the chance that a delivery is sent a second time. */
  duplicateRate: number;
  /** Automatic deliveries: the chance that a forged delivery follows a genuine one. */
  forgedRate: number;
  /** Every delivery waits this long before its first attempt: late delivery. */
  delayMs: number;
  /** Take a random ready delivery instead of the oldest: deliveries arrive out of order. */
  shuffle: boolean;
  /** Deliveries in flight at once. */
  concurrency: number;
  /** An attempt without a complete answer by then counts as a connection error. */
  timeoutMs: number;
  retry: RetryPolicy;
}

/**
 * Providers retry for hours or days; a local stand-in retries the same way (exponential
 * backoff, bounded) on a scale that suits tests.
 */
export const DEFAULT_WEBHOOK_CONFIG: WebhookConfig = {
  targetUrl: null,
  autoDeliver: true,
  duplicateRate: 0,
  forgedRate: 0,
  delayMs: 0,
  shuffle: false,
  concurrency: 8,
  timeoutMs: 10_000,
  retry: { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 5_000 },
};

export type WebhookConfigPatch = Partial<Omit<WebhookConfig, "retry">> & {
  retry?: Partial<RetryPolicy>;
};

export function retryDelayMs(policy: RetryPolicy, attemptsMade: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attemptsMade - 1));
}

const rate = z.number().min(0).max(1);

/** PUT /__simulator/webhooks: any subset of the configuration, plus a new signing secret. */
export const webhookConfigPatchSchema = z
  .object({
    targetUrl: z
      .url({ protocol: /^https?$/ })
      .nullable()
      .optional(),
    secret: z.string().min(1).optional(),
    autoDeliver: z.boolean().optional(),
    duplicateRate: rate.optional(),
    forgedRate: rate.optional(),
    delayMs: z.number().int().min(0).max(3_600_000).optional(),
    shuffle: z.boolean().optional(),
    concurrency: z.number().int().min(1).max(1024).optional(),
    timeoutMs: z.number().int().min(1).max(600_000).optional(),
    retry: z
      .object({
        maxAttempts: z.number().int().min(1).max(100).optional(),
        baseDelayMs: z.number().int().min(0).max(3_600_000).optional(),
        maxDelayMs: z.number().int().min(0).max(86_400_000).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export function applyConfigPatch(config: WebhookConfig, patch: WebhookConfigPatch): WebhookConfig {
  return {
    targetUrl: patch.targetUrl === undefined ? config.targetUrl : patch.targetUrl,
    autoDeliver: patch.autoDeliver ?? config.autoDeliver,
    duplicateRate: patch.duplicateRate ?? config.duplicateRate,
    forgedRate: patch.forgedRate ?? config.forgedRate,
    delayMs: patch.delayMs ?? config.delayMs,
    shuffle: patch.shuffle ?? config.shuffle,
    concurrency: patch.concurrency ?? config.concurrency,
    timeoutMs: patch.timeoutMs ?? config.timeoutMs,
    retry: {
      maxAttempts: patch.retry?.maxAttempts ?? config.retry.maxAttempts,
      baseDelayMs: patch.retry?.baseDelayMs ?? config.retry.baseDelayMs,
      maxDelayMs: patch.retry?.maxDelayMs ?? config.retry.maxDelayMs,
    },
  };
}
