import "server-only";
import { environmentVariables, getEnv, type Env } from "@/lib/env";
import { createRestClient, IntegrationCore, type RestClient } from "./core";
import { loadProviders } from "./providers/load";
import type { ResolvedProvider } from "./providers/types";

// On globalThis: Next.js bundles instrumentation and route handlers separately, and each bundle
// would otherwise have its own copy (and its own core, with its own breaker and log buffer).
const globalForIntegrations = globalThis as unknown as {
  integrationProviders?: { env: Env; providers: ResolvedProvider[] };
  integrationCore?: IntegrationCore;
};

/** Every provider of this process, read once from the registry and INTEGRATIONS_CONFIG. */
export function getProviders(): ResolvedProvider[] {
  const env = getEnv();
  let loaded = globalForIntegrations.integrationProviders;
  // Keyed on the environment object: a test file with its own environment gets its own providers.
  if (loaded?.env !== env) {
    loaded = { env, providers: loadProviders(env, environmentVariables()) };
    globalForIntegrations.integrationProviders = loaded;
  }
  return loaded.providers;
}

export function findProvider(name: string): ResolvedProvider | undefined {
  return getProviders().find((provider) => provider.name === name);
}

/** The process-wide integration core, built on first use. */
export function getIntegrationCore(): IntegrationCore {
  globalForIntegrations.integrationCore ??= new IntegrationCore({
    providers: getProviders().map((provider) => provider.definition),
    retentionDays: getEnv().API_CALL_LOG_RETENTION_DAYS,
  });
  return globalForIntegrations.integrationCore;
}

/** A REST client for a provider on the process-wide core. */
export function providerClient(name: string): RestClient {
  return createRestClient(name, getIntegrationCore());
}

/** Flushes and stops the process-wide core, if one was started. */
export async function shutdownIntegrationCore(): Promise<void> {
  const core = globalForIntegrations.integrationCore;
  globalForIntegrations.integrationCore = undefined;
  await core?.shutdown();
}
