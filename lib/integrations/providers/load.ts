import { applyIntegrationsConfig, type Variables } from "@/lib/integrations/core/config";
import type { Env } from "@/lib/env";
import { genericDefinition, genericProvider } from "./generic";
import { providerModules } from "./registry";
import type { ResolvedProvider } from "./types";

/**
 * Every provider the console knows: the built-in modules with their settings, then
 * INTEGRATIONS_CONFIG's overrides and extra REST providers (generic modules). Throws
 * IntegrationConfigError naming each bad setting.
 */
export function loadProviders(env: Env, variables: Variables): ResolvedProvider[] {
  const builtIns = providerModules.flatMap((module) => {
    const settings = env.providerSettings.get(module.name);
    return settings ? [settings.resolve()] : [];
  });
  const { definitions, extras } = applyIntegrationsConfig({
    builtIns: builtIns.map((provider) => provider.definition),
    raw: env.INTEGRATIONS_CONFIG,
    variables,
    createExtra: genericDefinition,
  });
  const byName = new Map(definitions.map((definition) => [definition.name, definition]));
  return [
    ...builtIns.map((provider) => ({
      ...provider,
      definition: byName.get(provider.name) ?? provider.definition,
    })),
    ...[...extras.values()].map(genericProvider),
  ];
}
