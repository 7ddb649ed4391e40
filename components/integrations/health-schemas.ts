import { z } from "zod";

const percentileSchema = z.object({ ms: z.number(), over: z.boolean() }).nullable();

export const windowSchema = z.object({
  minutes: z.number(),
  attempts: z.number(),
  failures: z.number(),
  errorRate: z.number().nullable(),
  throttled: z.number(),
  circuitRefusals: z.number(),
  p50: percentileSchema,
  p95: percentileSchema,
  p99: percentileSchema,
});

export const tileSchema = z.object({
  provider: z.string(),
  displayName: z.string(),
  mode: z.string(),
  canCheckConnection: z.boolean(),
  circuit: z.object({
    state: z.enum(["CLOSED", "OPEN", "HALF_OPEN", "FORCED_OPEN", "FORCED_CLOSED"]),
    forced: z.boolean(),
    reason: z.string().nullable(),
    openedAt: z.string().nullable(),
    openUntil: z.string().nullable(),
    updatedAt: z.string().nullable(),
    unavailableReason: z.string().nullable(),
  }),
  rateLimitPerSecond: z.number(),
  windows: z.array(windowSchema),
  quota: z
    .object({
      operation: z.string(),
      limit: z.number().nullable(),
      remaining: z.number(),
      resetAt: z.string().nullable(),
      observedAt: z.string(),
      callsPerMinute: z.number(),
      exhaustsAt: z.string().nullable(),
    })
    .nullable(),
  retryBudget: z.object({ left: z.number(), allowed: z.number() }),
  lastError: z.object({ at: z.string(), message: z.string() }).nullable(),
});

export type Tile = z.infer<typeof tileSchema>;
export type WindowFigures = z.infer<typeof windowSchema>;

export const overviewSchema = z.object({
  generatedAt: z.string(),
  canControl: z.boolean(),
  tiles: z.array(tileSchema),
});

export type HealthOverviewData = z.infer<typeof overviewSchema>;

export const detailSchema = z.object({
  generatedAt: z.string(),
  minutes: z.number(),
  canControl: z.boolean(),
  tile: tileSchema,
  series: z.array(
    z.object({
      minute: z.string(),
      successes: z.number(),
      httpErrors: z.number(),
      networkErrors: z.number(),
      timeouts: z.number(),
      circuitRefusals: z.number(),
      rateLimitRefusals: z.number(),
      throttled: z.number(),
      p50: z.number().nullable(),
      p95: z.number().nullable(),
      p99: z.number().nullable(),
      quotaRemaining: z.number().nullable(),
      quotaLimit: z.number().nullable(),
    }),
  ),
  transitions: z.array(
    z.object({
      id: z.string(),
      from: z.string(),
      to: z.string(),
      reason: z.string().nullable(),
      at: z.string(),
      actorEmail: z.string().nullable(),
    }),
  ),
});

export type HealthDetailData = z.infer<typeof detailSchema>;
