import { z } from "zod";
import type { FaultScript, FaultScriptOptions, FaultStep } from "./faults";

/** A fault step as JSON: Retry-After as seconds, or as an ISO or HTTP date string. */
export const faultStepSchema = z
  .object({
    status: z.number().int().min(100).max(599).optional(),
    body: z.unknown().optional(),
    headers: z.record(z.string(), z.string()).optional(),
    latencyMs: z.number().min(0).max(600_000).optional(),
    retryAfter: z
      .union([
        z.number().min(0),
        z
          .string()
          .refine((value) => !Number.isNaN(Date.parse(value)), "must be a date")
          .transform((value) => new Date(value)),
      ])
      .optional(),
    rateLimit: z
      .object({ limit: z.number().int(), remaining: z.number().int(), reset: z.number().int() })
      .optional(),
    action: z.enum(["reset", "hang", "drop-after-commit"]).optional(),
    echo: z.boolean().optional(),
  })
  .strict();

const regexSource = z.string().refine((source) => {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}, "must be a valid regular expression");

/**
 * POST /__simulator/faults: either a script (`steps`, optionally matched by method and by an
 * exact `path` or a `pathPattern` regular expression) or a new `default` step.
 */
export const faultRequestSchema = z.union([
  z
    .object({
      steps: z.array(faultStepSchema).min(1),
      method: z.string().min(1).optional(),
      path: z.string().startsWith("/").optional(),
      pathPattern: regexSource.optional(),
      repeatLast: z.boolean().optional(),
    })
    .strict()
    .refine((value) => !(value.path && value.pathPattern), "give path or pathPattern, not both"),
  z.object({ default: faultStepSchema }).strict(),
]);

export type FaultRequest =
  | { kind: "script"; steps: FaultStep[]; options: FaultScriptOptions }
  | { kind: "default"; step: FaultStep };

export function toFaultRequest(parsed: z.infer<typeof faultRequestSchema>): FaultRequest {
  if ("default" in parsed) return { kind: "default", step: parsed.default };
  return {
    kind: "script",
    steps: parsed.steps,
    options: {
      method: parsed.method,
      path: parsed.pathPattern !== undefined ? new RegExp(parsed.pathPattern) : parsed.path,
      repeatLast: parsed.repeatLast,
    },
  };
}

/** A script as JSON, with a RegExp path shown as its source. */
export function describeScript(script: FaultScript) {
  const { path, ...rest } = script;
  return path instanceof RegExp ? { ...rest, pathPattern: path.source } : { ...rest, path };
}
