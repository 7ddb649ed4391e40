import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { z } from "zod";
import {
  integrationsFileSchema,
  type AuthConfig,
  type AuthSetting,
  type EnvironmentReference,
  type ExtraProviderConfig,
  type ProviderDefinition,
  type ProviderOverride,
} from "./config-schema";

export type { ProviderDefinition } from "./config-schema";

const SETTING = "INTEGRATIONS_CONFIG";

export class IntegrationConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid integration configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`,
    );
    this.name = "IntegrationConfigError";
  }
}

export const DEFAULT_TIMEOUTS: ProviderDefinition["timeouts"] = {
  attemptMs: 10_000,
  deadlineMs: 30_000,
};

export const DEFAULT_RETRY: ProviderDefinition["retry"] = {
  maxAttempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  // At most one retry per five first attempts (plus a floor), so an outage cannot multiply traffic.
  budgetRatio: 0.2,
  budgetMinRetries: 10,
  budgetWindowMs: 10_000,
};

export const DEFAULT_BREAKER: ProviderDefinition["breaker"] = {
  failureRateThreshold: 0.5,
  slowCallRateThreshold: 0.8,
  slowCallMs: 5_000,
  minimumCalls: 10,
  windowSize: 50,
  halfOpenAfterMs: 30_000,
  halfOpenMaxCalls: 3,
};

export const DEFAULT_HEADERS: ProviderDefinition["headers"] = {
  idempotencyKey: null,
  retryHint: null,
  requestId: "X-Request-Id",
  quotaLimit: "X-RateLimit-Limit",
  quotaRemaining: "X-RateLimit-Remaining",
  quotaReset: "X-RateLimit-Reset",
};

function describePath(pathParts: readonly PropertyKey[]): string {
  let out = SETTING;
  for (const part of pathParts) out += typeof part === "number" ? `[${part}]` : `.${String(part)}`;
  return out;
}

function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const keys = issue.code === "unrecognized_keys" ? ` (${issue.keys.join(", ")})` : "";
    const message = issue.code === "unrecognized_keys" ? "unknown setting" : issue.message;
    return `${describePath(issue.path)}: ${message}${keys}`;
  });
}

/** INTEGRATIONS_CONFIG is inline JSON or a path to a JSON file. */
function readConfigSource(raw: string | undefined): unknown {
  if (!raw) return {};
  const text = raw.trim();
  let json = text;
  if (!text.startsWith("{")) {
    const file = path.resolve(text);
    if (!existsSync(file)) {
      throw new IntegrationConfigError([
        `${SETTING}: is neither inline JSON nor an existing file (${file})`,
      ]);
    }
    json = readFileSync(file, "utf8");
  }
  try {
    return JSON.parse(json);
  } catch (error) {
    const detail = error instanceof Error ? error.message : "unparseable";
    throw new IntegrationConfigError([`${SETTING}: is not valid JSON (${detail})`]);
  }
}

export type Variables = Readonly<Record<string, string | undefined>>;

/** Reads `{ "env": "NAME" }` credentials; each missing variable becomes a problem naming the setting. */
class SecretResolver {
  readonly problems: string[] = [];
  constructor(private readonly variables: Variables) {}

  secret(value: string | EnvironmentReference, where: string, allowEmpty = false): string {
    if (typeof value === "string") return value;
    const resolved = this.variables[value.env];
    if (resolved === undefined || (resolved === "" && !allowEmpty)) {
      this.problems.push(`${where}: environment variable ${value.env} is not set`);
      return "";
    }
    return resolved;
  }

  auth(auth: AuthSetting, where: string): AuthConfig {
    switch (auth.scheme) {
      case "none":
        return auth;
      case "bearer":
        return { scheme: "bearer", token: this.secret(auth.token, `${where}.token`) };
      case "basic":
        return {
          scheme: "basic",
          username: auth.username,
          password: this.secret(auth.password, `${where}.password`, true),
        };
      case "header":
        return {
          scheme: "header",
          header: auth.header,
          value: this.secret(auth.value, `${where}.value`),
        };
    }
  }
}

type Resolved<T extends { auth?: AuthSetting }> = Omit<T, "auth" | "webhookSecrets"> & {
  auth?: AuthConfig;
};

function mergeProvider(
  base: ProviderDefinition,
  override: Resolved<ProviderOverride>,
): ProviderDefinition {
  return {
    ...base,
    displayName: override.displayName ?? base.displayName,
    baseUrl: override.baseUrl ?? base.baseUrl,
    auth: override.auth ?? base.auth,
    rateLimitPerSecond: override.rateLimitPerSecond ?? base.rateLimitPerSecond,
    timeouts: { ...base.timeouts, ...override.timeouts },
    retry: { ...base.retry, ...override.retry },
    breaker: { ...base.breaker, ...override.breaker },
    headers: { ...base.headers, ...override.headers },
  };
}

/** Cross-field rules that zod's per-field checks cannot express. */
function checkCoherence(definition: ProviderDefinition, where: string): string[] {
  const problems: string[] = [];
  const { timeouts, retry, breaker } = definition;
  if (timeouts.attemptMs > timeouts.deadlineMs) {
    problems.push(
      `${where}.timeouts.attemptMs: must not exceed timeouts.deadlineMs (${timeouts.deadlineMs})`,
    );
  }
  if (retry.baseDelayMs > retry.maxDelayMs) {
    problems.push(
      `${where}.retry.baseDelayMs: must not exceed retry.maxDelayMs (${retry.maxDelayMs})`,
    );
  }
  if (breaker.minimumCalls > breaker.windowSize) {
    problems.push(
      `${where}.breaker.minimumCalls: must not exceed breaker.windowSize (${breaker.windowSize})`,
    );
  }
  return problems;
}

/** An extra REST provider as INTEGRATIONS_CONFIG declares it, credentials read. */
export interface ConfiguredProvider {
  definition: ProviderDefinition;
  /** Standard Webhooks secrets, when the provider sends signed webhooks. */
  webhookSecrets?: string[];
}

/**
 * Applies INTEGRATIONS_CONFIG to the built-in providers' definitions: its overrides change them,
 * and its extra providers are added, built by `createExtra` (the generic REST module). Credentials
 * written as `{ "env": "NAME" }` are read from `variables`. Throws IntegrationConfigError naming
 * every bad setting.
 */
export function applyIntegrationsConfig(options: {
  builtIns: ProviderDefinition[];
  raw: string | undefined;
  variables: Variables;
  createExtra: (config: {
    name: string;
    displayName: string;
    baseUrl: string;
    auth: AuthConfig;
    rateLimitPerSecond: number;
  }) => ProviderDefinition;
}): { definitions: ProviderDefinition[]; extras: Map<string, ConfiguredProvider> } {
  const parsed = integrationsFileSchema.safeParse(readConfigSource(options.raw));
  if (!parsed.success) throw new IntegrationConfigError(formatIssues(parsed.error));
  const file = parsed.data;
  const secrets = new SecretResolver(options.variables);
  const problems = secrets.problems;
  const byName = new Map<string, { definition: ProviderDefinition; where: string }>();
  const extras = new Map<string, ConfiguredProvider>();
  for (const builtIn of options.builtIns)
    byName.set(builtIn.name, { definition: builtIn, where: builtIn.name });
  file.providers.forEach((extra: ExtraProviderConfig, index) => {
    const where = `${SETTING}.providers[${index}]`;
    if (byName.has(extra.name)) {
      problems.push(
        `${where}.name: provider '${extra.name}' is already defined (use overrides to change a built-in)`,
      );
      return;
    }
    const auth = secrets.auth(extra.auth, `${where}.auth`);
    const base = options.createExtra({
      name: extra.name,
      displayName: extra.displayName ?? extra.name,
      baseUrl: extra.baseUrl,
      auth,
      rateLimitPerSecond: extra.rateLimitPerSecond,
    });
    byName.set(extra.name, { definition: mergeProvider(base, { ...extra, auth }), where });
    extras.set(extra.name, {
      definition: base,
      webhookSecrets: extra.webhookSecrets?.map((secret, position) =>
        secrets.secret(secret, `${where}.webhookSecrets[${position}]`),
      ),
    });
  });
  for (const [name, override] of Object.entries(file.overrides)) {
    const entry = byName.get(name);
    if (!entry) {
      problems.push(
        `${SETTING}.overrides.${name}: unknown provider '${name}' (known: ${[...byName.keys()].join(", ")})`,
      );
      continue;
    }
    const where = `${SETTING}.overrides.${name}`;
    const auth = override.auth && secrets.auth(override.auth, `${where}.auth`);
    byName.set(name, { definition: mergeProvider(entry.definition, { ...override, auth }), where });
  }
  for (const { definition, where } of byName.values())
    problems.push(...checkCoherence(definition, where));
  if (problems.length > 0) throw new IntegrationConfigError(problems);
  const definitions = [...byName.values()].map((entry) => entry.definition);
  for (const [name, extra] of extras) {
    const merged = byName.get(name)?.definition;
    if (merged) extra.definition = merged;
  }
  return { definitions, extras };
}
