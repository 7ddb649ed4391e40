import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv, type Env } from "@/lib/env";
import { IntegrationConfigError } from "@/lib/integrations/core/config";
import { loadProviders } from "@/lib/integrations/providers/load";

type Variables = Record<string, string | undefined>;

/** The providers' definitions, as the console builds them from the environment. */
function loadProviderDefinitions(env: Env, variables: Variables = process.env) {
  return loadProviders(env, variables).map((provider) => provider.definition);
}

/** The configured provider names, or IntegrationConfigError naming each bad setting. */
function validateIntegrationConfig(env: Env, variables: Variables = process.env) {
  return loadProviders(env, variables).map((provider) => provider.name);
}

const baseEnv = { NODE_ENV: "test" };

function problemsFor(config: unknown, extra: Record<string, string> = {}): string[] {
  try {
    validateIntegrationConfig(
      parseEnv({ ...baseEnv, ...extra, INTEGRATIONS_CONFIG: JSON.stringify(config) }),
    );
  } catch (error) {
    if (error instanceof IntegrationConfigError) return error.problems;
    throw error;
  }
  return [];
}

const twilio = { name: "twilio", baseUrl: "https://api.twilio.com", rateLimitPerSecond: 10 };

describe("integration configuration", () => {
  it("defaults Stripe to 25 requests/s with a test key or the simulator, and 100 with a live key", () => {
    const byName = (env: Record<string, string>) =>
      new Map(loadProviderDefinitions(parseEnv({ ...baseEnv, ...env })).map((d) => [d.name, d]));
    expect(byName({}).get("stripe")?.rateLimitPerSecond).toBe(25);
    expect(byName({ STRIPE_SECRET_KEY: "sk_test_abc123" }).get("stripe")?.rateLimitPerSecond).toBe(
      25,
    );
    const live = byName({ STRIPE_SECRET_KEY: "sk_live_abc123" }).get("stripe");
    expect(live?.rateLimitPerSecond).toBe(100);
    expect(live?.auth).toEqual({ scheme: "bearer", token: "sk_live_abc123" });
    expect(live?.headers.idempotencyKey).toBe("Idempotency-Key");
    expect(byName({}).get("sendgrid")?.rateLimitPerSecond).toBe(10);
  });

  it("adds REST providers and applies overrides, keeping unspecified defaults", () => {
    const env = parseEnv({
      ...baseEnv,
      INTEGRATIONS_CONFIG: JSON.stringify({
        providers: [
          {
            ...twilio,
            auth: { scheme: "basic", username: "AC1", password: "x" },
            breaker: { minimumCalls: 5 },
          },
        ],
        overrides: { stripe: { rateLimitPerSecond: 40, retry: { maxAttempts: 5 } } },
      }),
    });
    const definitions = new Map(loadProviderDefinitions(env).map((d) => [d.name, d]));
    expect([...definitions.keys()]).toEqual(["stripe", "sendgrid", "twilio"]);
    expect(definitions.get("stripe")).toMatchObject({
      rateLimitPerSecond: 40,
      retry: { maxAttempts: 5, baseDelayMs: 500 },
    });
    expect(definitions.get("twilio")).toMatchObject({
      baseUrl: "https://api.twilio.com",
      auth: { scheme: "basic", username: "AC1" },
      breaker: { minimumCalls: 5, windowSize: 50 },
    });
  });

  it("reads the configuration from a file path", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "integrations-"));
    const file = path.join(dir, "integrations.json");
    writeFileSync(file, JSON.stringify({ providers: [twilio] }));
    expect(
      validateIntegrationConfig(parseEnv({ ...baseEnv, INTEGRATIONS_CONFIG: file })),
    ).toContain("twilio");
  });

  it("names an unknown provider in overrides", () => {
    expect(problemsFor({ overrides: { twillio: { rateLimitPerSecond: 5 } } })).toEqual([
      "INTEGRATIONS_CONFIG.overrides.twillio: unknown provider 'twillio' (known: stripe, sendgrid)",
    ]);
  });

  it("names a negative limit", () => {
    const problems = problemsFor({ providers: [{ ...twilio, rateLimitPerSecond: -3 }] });
    expect(problems).toEqual([
      "INTEGRATIONS_CONFIG.providers[0].rateLimitPerSecond: must be greater than 0",
    ]);
    expect(problemsFor({ overrides: { sendgrid: { retry: { maxAttempts: -1 } } } })).toEqual([
      "INTEGRATIONS_CONFIG.overrides.sendgrid.retry.maxAttempts: must be greater than 0",
    ]);
  });

  it("names a malformed base URL", () => {
    expect(problemsFor({ providers: [{ ...twilio, baseUrl: "api.twilio.com" }] })).toEqual([
      "INTEGRATIONS_CONFIG.providers[0].baseUrl: must be an absolute http(s) URL, e.g. https://api.example.com",
    ]);
    expect(
      problemsFor({ overrides: { stripe: { baseUrl: "ftp://files.example.com" } } })[0],
    ).toMatch(/^INTEGRATIONS_CONFIG\.overrides\.stripe\.baseUrl: /);
  });

  it("names unknown settings, duplicate provider names and incoherent values", () => {
    const problems = problemsFor({
      providers: [
        { ...twilio, rateLimt: 3 },
        { ...twilio, name: "stripe" },
        { ...twilio, name: "hubspot", timeouts: { attemptMs: 5_000, deadlineMs: 1_000 } },
      ],
    });
    expect(problems).toEqual(["INTEGRATIONS_CONFIG.providers[0]: unknown setting (rateLimt)"]);
    const second = problemsFor({
      providers: [
        { ...twilio, name: "stripe" },
        { ...twilio, name: "hubspot", timeouts: { attemptMs: 5_000, deadlineMs: 1_000 } },
      ],
    });
    expect(second).toEqual([
      "INTEGRATIONS_CONFIG.providers[0].name: provider 'stripe' is already defined (use overrides to change a built-in)",
      "INTEGRATIONS_CONFIG.providers[1].timeouts.attemptMs: must not exceed timeouts.deadlineMs (1000)",
    ]);
  });

  it("rejects configuration that is not JSON or not an existing file", () => {
    expect(() =>
      validateIntegrationConfig(parseEnv({ ...baseEnv, INTEGRATIONS_CONFIG: "{ nope" })),
    ).toThrow(/INTEGRATIONS_CONFIG: is not valid JSON/);
    expect(() =>
      validateIntegrationConfig(
        parseEnv({ ...baseEnv, INTEGRATIONS_CONFIG: "/no/such/file.json" }),
      ),
    ).toThrow(/INTEGRATIONS_CONFIG: is neither inline JSON nor an existing file/);
  });

  describe("credentials read from the environment", () => {
    const secret = `tok_${Math.random().toString(36).slice(2)}`;
    const config = {
      providers: [
        {
          ...twilio,
          auth: { scheme: "basic", username: "AC1", password: { env: "TWILIO_AUTH_TOKEN" } },
        },
        {
          ...twilio,
          name: "hubspot",
          auth: { scheme: "header", header: "X-Api-Key", value: { env: "HUBSPOT_KEY" } },
        },
      ],
      overrides: { sendgrid: { auth: { scheme: "bearer", token: { env: "OTHER_SENDGRID_KEY" } } } },
    };
    const env = parseEnv({ ...baseEnv, INTEGRATIONS_CONFIG: JSON.stringify(config) });

    it("resolves { env } references in providers and overrides", () => {
      const variables = {
        TWILIO_AUTH_TOKEN: secret,
        HUBSPOT_KEY: `${secret}-h`,
        OTHER_SENDGRID_KEY: `${secret}-s`,
      };
      const byName = new Map(loadProviderDefinitions(env, variables).map((d) => [d.name, d]));
      expect(byName.get("twilio")?.auth).toEqual({
        scheme: "basic",
        username: "AC1",
        password: secret,
      });
      expect(byName.get("hubspot")?.auth).toEqual({
        scheme: "header",
        header: "X-Api-Key",
        value: `${secret}-h`,
      });
      expect(byName.get("sendgrid")?.auth).toEqual({ scheme: "bearer", token: `${secret}-s` });
    });

    it("names every setting whose variable is missing or empty", () => {
      let problems: string[] = [];
      try {
        loadProviderDefinitions(env, { HUBSPOT_KEY: "" });
      } catch (error) {
        if (!(error instanceof IntegrationConfigError)) throw error;
        problems = error.problems;
      }
      expect(problems).toEqual([
        "INTEGRATIONS_CONFIG.providers[0].auth.password: environment variable TWILIO_AUTH_TOKEN is not set",
        "INTEGRATIONS_CONFIG.providers[1].auth.value: environment variable HUBSPOT_KEY is not set",
        "INTEGRATIONS_CONFIG.overrides.sendgrid.auth.token: environment variable OTHER_SENDGRID_KEY is not set",
      ]);
    });

    it("rejects a reference that is not a variable name, and a credential of the wrong type", () => {
      expect(
        problemsFor({
          providers: [{ ...twilio, auth: { scheme: "bearer", token: { env: "not a name" } } }],
        }),
      ).toEqual([
        "INTEGRATIONS_CONFIG.providers[0].auth.token.env: must be an environment variable name",
      ]);
      expect(
        problemsFor({ providers: [{ ...twilio, auth: { scheme: "bearer", token: 42 } }] }),
      ).toEqual([
        'INTEGRATIONS_CONFIG.providers[0].auth.token: must be a string or { "env": "VARIABLE_NAME" }',
      ]);
    });
  });
});
