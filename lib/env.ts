import proxyAddr from "proxy-addr";
import { z } from "zod";
import { optionalHttpUrl, optionalString } from "@/lib/env-fields";
import { providerModules } from "@/lib/integrations/providers/registry";
import type { ProviderSettings } from "@/lib/integrations/providers/types";

function isAddressOrRange(value: string): boolean {
  try {
    proxyAddr.compile(value);
    return true;
  } catch {
    return false;
  }
}

const postgresUrl = z
  .string()
  .trim()
  .regex(/^postgres(ql)?:\/\/.+/, "must be a postgres:// or postgresql:// connection URL");

const baseSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
      .default("info"),

    DATABASE_URL: optionalString.pipe(postgresUrl.optional()),
    /** Set by the launcher when it serves the embedded PGlite database; never set by hand. */
    EMBEDDED_DATABASE: z.enum(["1"]).optional(),

    AUTH_SECRET: optionalString.pipe(
      z
        .string()
        .min(32, "must be at least 32 characters (try: openssl rand -base64 32)")
        .optional(),
    ),
    ADMIN_EMAIL: optionalString.pipe(z.email({ message: "must be an email address" }).optional()),
    ADMIN_PASSWORD: optionalString.pipe(
      z.string().min(12, "must be at least 12 characters").max(200).optional(),
    ),
    AUTH_OIDC_ISSUER: optionalHttpUrl,
    AUTH_OIDC_ID: optionalString,
    AUTH_OIDC_SECRET: optionalString,
    AUTH_OIDC_NAME: optionalString,

    /** Where local state lives (embedded database, generated secrets). Default: .data/ in the project. */
    DATA_DIR: optionalString,

    /**
     * "in-process" (default): the server also works the job queue (webhook processing and other
     * durable work). "off": only separate `npm run worker` processes do.
     */
    JOB_WORKER: z.enum(["in-process", "off"]).default("in-process"),

    /** Extra REST providers and per-provider overrides: inline JSON or a path to a JSON file. */
    INTEGRATIONS_CONFIG: optionalString,
    API_CALL_LOG_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    /**
     * "true": customer matching treats ann+news@x.com as ann@x.com. Off by default, because for
     * many providers the tag is part of a different mailbox.
     */
    CUSTOMER_EMAIL_FOLD_PLUS_TAGS: z
      .enum(["true", "false"], { message: 'must be "true" or "false"' })
      .default("false")
      .transform((value) => value === "true"),
    /**
     * The SendGrid dynamic template of the refund confirmation a support person may send with a
     * refund. Unset: a live console offers no confirmation; a simulated SendGrid has its own.
     */
    REFUND_NOTICE_TEMPLATE_ID: optionalString.pipe(
      z
        .string()
        .regex(/^d-[0-9a-f]{32}$/, 'must be a dynamic template id: "d-" and 32 hex digits')
        .optional(),
    ),

    /** Bearer token for /api/metrics and the detailed /api/health; long enough not to be guessed. */
    METRICS_TOKEN: optionalString.pipe(
      z
        .string()
        .min(32, "must be at least 32 characters (try: openssl rand -base64 32)")
        .optional(),
    ),

    // ---- Security (issue 8) ----
    /** The console's public origin, scheme included; writes must come from it. Default: http://localhost:PORT. */
    APP_URL: optionalString.pipe(
      z
        .url({
          protocol: /^https?$/,
          message: "must be an http(s) URL such as https://console.example.com",
        })
        .transform((value) => new URL(value).origin)
        .optional(),
    ),
    /**
     * Which peers may set X-Forwarded-For/-Proto/-Host: a hop count ("1") or a comma-separated list
     * of addresses, CIDR ranges or proxy-addr's names ("loopback, 10.0.0.0/8"). Unset: no one; the
     * socket address counts.
     */
    TRUSTED_PROXIES: optionalString.pipe(
      z
        .string()
        .transform((value) =>
          value
            .split(",")
            .map((part) => part.trim())
            .filter(Boolean),
        )
        .pipe(
          z.union([
            z
              .tuple([
                z
                  .string()
                  .regex(/^\d{1,2}$/, "a hop count is a whole number from 0 to 99")
                  .transform(Number),
              ])
              .transform(([hops]) => hops),
            z
              .array(
                z
                  .string()
                  .refine(
                    isAddressOrRange,
                    "each entry must be an IP address, a CIDR range, loopback, linklocal or uniquelocal",
                  ),
              )
              .min(1),
          ]),
        )
        .optional(),
    ),
    /** Absolute session lifetime in hours, counted from sign-in; nothing extends it. */
    SESSION_MAX_HOURS: z.coerce
      .number()
      .min(0.05)
      .max(24 * 30)
      .default(8),
    /** A session unused for this many minutes ends. */
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .min(1)
      .max(24 * 60)
      .default(30),
  })
  .superRefine((env, ctx) => {
    const oidc = [env.AUTH_OIDC_ISSUER, env.AUTH_OIDC_ID, env.AUTH_OIDC_SECRET];
    if (oidc.some(Boolean) && !oidc.every(Boolean)) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_OIDC_ISSUER"],
        message: "AUTH_OIDC_ISSUER, AUTH_OIDC_ID and AUTH_OIDC_SECRET must be set together",
      });
    }
    if (env.DATABASE_URL && !env.EMBEDDED_DATABASE && !env.AUTH_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_SECRET"],
        message:
          "is required with an external DATABASE_URL, so that every instance signs sessions alike",
      });
    }
  });

/**
 * The validated environment: the console's own variables, and each provider module's variables
 * (validated here with the rest, read by the module itself through `providerSettings`).
 */
export type Env = z.infer<typeof baseSchema> & {
  readonly providerSettings: ReadonlyMap<string, ProviderSettings>;
};

/** The console's own origin: APP_URL, or where `npm start` serves it locally. */
export function appOrigin(source: Env = getEnv()): string {
  return source.APP_URL ?? `http://localhost:${source.PORT}`;
}

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "EnvError";
  }
}

function describe(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`);
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const base = baseSchema.safeParse(source);
  const problems = base.success ? [] : describe(base.error.issues);
  const providerSettings = new Map<string, ProviderSettings>();
  for (const provider of providerModules) {
    const read = provider.readSettings(source);
    if (read.success) providerSettings.set(provider.name, read.settings);
    else problems.push(...describe(read.issues));
  }
  if (!base.success || problems.length > 0) throw new EnvError(problems);
  return { ...base.data, providerSettings };
}

let cached: Env | undefined;

/** The validated environment. Parsed on first use so that importing this module never throws. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/**
 * The raw environment, for settings that name their own variables (credentials referenced from
 * INTEGRATIONS_CONFIG as `{ "env": "NAME" }`); everything else reads the validated `getEnv()`.
 */
export function environmentVariables(): Readonly<Record<string, string | undefined>> {
  return process.env;
}
