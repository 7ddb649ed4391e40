import { z } from "zod";

/** Provider settings as written in INTEGRATIONS_CONFIG; every key is optional in an override. */
const positive = (what: string) =>
  z.number({ error: `must be a number (${what})` }).positive("must be greater than 0");
const positiveInt = (what: string) =>
  z
    .number({ error: `must be a number (${what})` })
    .int("must be a whole number")
    .positive("must be greater than 0");
const nonNegativeInt = (what: string) =>
  z
    .number({ error: `must be a number (${what})` })
    .int("must be a whole number")
    .min(0, "must not be negative");
const fraction = z
  .number({ error: "must be a number between 0 and 1" })
  .gt(0, "must be greater than 0")
  .lt(1, "must be less than 1");
const headerName = z.string().regex(/^[A-Za-z0-9-]+$/, "must be an HTTP header name");

export const providerNameSchema = z
  .string({ error: "must be a string" })
  .regex(
    /^[a-z][a-z0-9_-]{0,39}$/,
    "must be lower-case letters, digits, '-' or '_' (at most 40), starting with a letter",
  );

export const baseUrlSchema = z
  .string({ error: "must be a string" })
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
    } catch {
      return false;
    }
  }, "must be an absolute http(s) URL, e.g. https://api.example.com")
  .transform((value) => value.replace(/\/+$/, ""));

/**
 * A credential as written: the value itself, or `{ "env": "NAME" }` to read it from that
 * environment variable at start-up, so the configuration file need not hold secrets.
 */
const environmentReference = z.strictObject({
  env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name"),
});
const secretSetting = (allowEmpty: boolean) =>
  z.union(
    [allowEmpty ? z.string() : z.string().min(1, "must not be empty"), environmentReference],
    {
      error: 'must be a string or { "env": "VARIABLE_NAME" }',
    },
  );

export const authSchema = z.discriminatedUnion(
  "scheme",
  [
    z.strictObject({ scheme: z.literal("none") }),
    z.strictObject({ scheme: z.literal("bearer"), token: secretSetting(false) }),
    z.strictObject({
      scheme: z.literal("basic"),
      username: z.string().min(1, "must not be empty"),
      password: secretSetting(true),
    }),
    z.strictObject({
      scheme: z.literal("header"),
      header: headerName,
      value: secretSetting(false),
    }),
  ],
  { error: "must have scheme none, bearer, basic or header" },
);

export type EnvironmentReference = z.infer<typeof environmentReference>;
/** Credentials as written in the configuration, references unresolved. */
export type AuthSetting = z.infer<typeof authSchema>;
/** Credentials as the REST client uses them. */
export type AuthConfig =
  | { scheme: "none" }
  | { scheme: "bearer"; token: string }
  | { scheme: "basic"; username: string; password: string }
  | { scheme: "header"; header: string; value: string };

export const timeoutsSchema = z.strictObject({
  attemptMs: positiveInt("milliseconds"),
  deadlineMs: positiveInt("milliseconds"),
});

export const retrySchema = z.strictObject({
  maxAttempts: positiveInt("attempts").max(10, "must be at most 10"),
  baseDelayMs: positiveInt("milliseconds"),
  maxDelayMs: positiveInt("milliseconds"),
  maxRetryAfterMs: nonNegativeInt("milliseconds"),
  budgetRatio: z
    .number({ error: "must be a number between 0 and 1" })
    .min(0, "must not be negative")
    .max(1, "must be at most 1"),
  budgetMinRetries: nonNegativeInt("retries"),
  budgetWindowMs: positiveInt("milliseconds"),
});

export const breakerSchema = z.strictObject({
  failureRateThreshold: fraction,
  slowCallRateThreshold: fraction,
  slowCallMs: positiveInt("milliseconds"),
  minimumCalls: positiveInt("calls"),
  windowSize: positiveInt("calls"),
  halfOpenAfterMs: positiveInt("milliseconds"),
  halfOpenMaxCalls: positiveInt("calls"),
});

export const headersSchema = z.strictObject({
  idempotencyKey: headerName.nullable(),
  retryHint: headerName.nullable(),
  requestId: headerName.nullable(),
  quotaLimit: headerName,
  quotaRemaining: headerName,
  quotaReset: headerName,
});

const tunables = {
  displayName: z.string().min(1).max(60),
  baseUrl: baseUrlSchema,
  auth: authSchema,
  rateLimitPerSecond: positive("requests per second").max(100_000, "must be at most 100000"),
  timeouts: timeoutsSchema.partial(),
  retry: retrySchema.partial(),
  breaker: breakerSchema.partial(),
  headers: headersSchema.partial(),
};

export const extraProviderSchema = z.strictObject({
  name: providerNameSchema,
  /**
   * Standard Webhooks signing secrets (whsec_…; several while one is rotated). With them the
   * provider gets a webhook endpoint at /api/webhooks/<name>; without, it has none.
   */
  webhookSecrets: z.array(secretSetting(false)).min(1, "must list at least one secret").optional(),
  ...tunables,
  displayName: tunables.displayName.optional(),
  auth: tunables.auth.default({ scheme: "none" }),
  rateLimitPerSecond: tunables.rateLimitPerSecond,
  timeouts: tunables.timeouts.optional(),
  retry: tunables.retry.optional(),
  breaker: tunables.breaker.optional(),
  headers: tunables.headers.optional(),
});

export const overrideSchema = z.strictObject(tunables).partial();

export const integrationsFileSchema = z.strictObject({
  providers: z.array(extraProviderSchema).default([]),
  overrides: z.record(z.string(), overrideSchema).default({}),
});

export type ExtraProviderConfig = z.infer<typeof extraProviderSchema>;
export type ProviderOverride = z.infer<typeof overrideSchema>;
export type IntegrationsFile = z.infer<typeof integrationsFileSchema>;

/** The provider's own error code and message, read from an error response body; unsanitised. */
export interface ProviderErrorInfo {
  code?: string;
  message?: string;
}

export interface ProviderDefinition {
  name: string;
  displayName: string;
  baseUrl: string;
  auth: AuthConfig;
  rateLimitPerSecond: number;
  timeouts: z.infer<typeof timeoutsSchema>;
  retry: z.infer<typeof retrySchema>;
  breaker: z.infer<typeof breakerSchema>;
  headers: z.infer<typeof headersSchema>;
  /** Reads the provider's error shape; each provider module brings its own. */
  parseError(body: unknown): ProviderErrorInfo;
}
