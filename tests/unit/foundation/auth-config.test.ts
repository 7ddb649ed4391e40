import { describe, expect, it } from "vitest";
import { buildAuthConfig } from "@/lib/auth/auth";
import { parseEnv } from "@/lib/env";

const providerIds = (env: Record<string, string>) =>
  buildAuthConfig(parseEnv(env)).providers.map((provider) => (typeof provider === "function" ? provider().id : provider.id));

describe("sign-in providers", () => {
  it("offers email and password only, by default", () => {
    expect(providerIds({})).toEqual(["credentials"]);
  });

  it("adds an OIDC provider when its three variables are set", () => {
    const config = buildAuthConfig(
      parseEnv({ AUTH_OIDC_ISSUER: "https://id.example.com", AUTH_OIDC_ID: "console", AUTH_OIDC_SECRET: "s3cret", AUTH_OIDC_NAME: "Okta" }),
    );
    const oidc = config.providers.find((provider) => typeof provider !== "function" && provider.id === "oidc");
    expect(oidc).toMatchObject({ type: "oidc", name: "Okta", issuer: "https://id.example.com", clientId: "console" });
  });

  it("keeps sessions short-lived JWTs re-checked against the database", () => {
    const config = buildAuthConfig(parseEnv({}));
    expect(config.session).toMatchObject({ strategy: "jwt" });
    expect(config.session?.maxAge).toBeLessThanOrEqual(12 * 60 * 60);
  });
});
