import { describe, expect, it } from "vitest";
import { EnvError, parseEnv, type Env } from "@/lib/env";
import { loadProviders } from "@/lib/integrations/providers/load";

function providerMode(name: string, env: Env) {
  return loadProviders(env, {}).find((provider) => provider.name === name)?.mode;
}

function problemsOf(source: Record<string, string>) {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  return [];
}

describe("environment validation", () => {
  it("runs with nothing set: embedded database, simulated providers, port 3000", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(providerMode("stripe", env)).toBe("simulator");
    expect(providerMode("sendgrid", env)).toBe("simulator");
  });

  it.each([
    ["PORT", "seventy"],
    ["PORT", "70000"],
    ["DATABASE_URL", "mysql://localhost/db"],
    ["STRIPE_SECRET_KEY", "pk_test_abc"],
    ["STRIPE_WEBHOOK_SECRET", "whsec_ok,not-a-secret"],
    ["STRIPE_API_BASE", "ftp://example.com"],
    ["SENDGRID_API_KEY", "sendgrid"],
    ["SENDGRID_API_BASE", "not a url"],
    ["ADMIN_EMAIL", "admin"],
    ["ADMIN_PASSWORD", "short"],
    ["AUTH_SECRET", "too-short"],
    ["METRICS_TOKEN", "tiny"],
  ])("names %s when it is invalid (%s)", (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join("\n")).toContain(name);
  });

  it("requires AUTH_SECRET with an external database, so instances agree on sessions", () => {
    expect(problemsOf({ DATABASE_URL: "postgresql://db.internal/console" }).join()).toContain(
      "AUTH_SECRET",
    );
    expect(
      problemsOf({ DATABASE_URL: "postgresql://127.0.0.1/x", EMBEDDED_DATABASE: "1" }),
    ).toEqual([]);
  });

  it("requires the OIDC settings together", () => {
    expect(problemsOf({ AUTH_OIDC_ISSUER: "https://id.example.com" }).join()).toContain(
      "AUTH_OIDC_ISSUER",
    );
  });

  it("splits rotated Stripe webhook secrets and switches to live mode with real keys", () => {
    const env = parseEnv({
      STRIPE_WEBHOOK_SECRET: "whsec_old123, whsec_new456",
      STRIPE_SECRET_KEY: "sk_test_abc123",
      SENDGRID_API_KEY: "SG.abc.def",
    });
    expect(env.providerSettings.get("stripe")?.values).toMatchObject({
      STRIPE_WEBHOOK_SECRET: ["whsec_old123", "whsec_new456"],
    });
    expect(providerMode("stripe", env)).toBe("live");
    expect(providerMode("sendgrid", env)).toBe("live");
  });

  it("treats empty strings as unset rather than as the value", () => {
    expect(parseEnv({ DATABASE_URL: "", STRIPE_SECRET_KEY: " " }).DATABASE_URL).toBeUndefined();
  });
});
