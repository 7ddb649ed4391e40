import type { ConfiguredProvider } from "@/lib/integrations/core/config";
import type { ResolvedProvider } from "../types";
import { objectChanged } from "./events/object-changed";
import { standardWebhooksVerifier } from "./webhooks/verify";

export { genericDefinition } from "./definition";

/**
 * A REST provider from INTEGRATIONS_CONFIG. With `webhookSecrets` it also receives Standard
 * Webhooks-signed events describing its objects (created, updated, deleted), mirrored into
 * ExternalObject; without, it has no webhook endpoint.
 */
export function genericProvider(configured: ConfiguredProvider): ResolvedProvider {
  const { definition, webhookSecrets } = configured;
  return {
    name: definition.name,
    displayName: definition.displayName,
    mode: "configured",
    definition,
    webhooks: webhookSecrets
      ? {
          verify: standardWebhooksVerifier(webhookSecrets),
          handlers: {
            "object.created": objectChanged,
            "object.updated": objectChanged,
            "object.deleted": objectChanged,
          },
        }
      : undefined,
  };
}
