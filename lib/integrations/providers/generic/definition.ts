import {
  DEFAULT_BREAKER,
  DEFAULT_HEADERS,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUTS,
} from "@/lib/integrations/core/config";
import type { AuthConfig, ProviderDefinition } from "@/lib/integrations/core/config-schema";
import { parseGenericError } from "./errors";

/** A REST provider from INTEGRATIONS_CONFIG, before its own overrides: the core's defaults. */
export function genericDefinition(config: {
  name: string;
  displayName: string;
  baseUrl: string;
  auth: AuthConfig;
  rateLimitPerSecond: number;
}): ProviderDefinition {
  return {
    ...config,
    timeouts: DEFAULT_TIMEOUTS,
    retry: DEFAULT_RETRY,
    breaker: DEFAULT_BREAKER,
    headers: DEFAULT_HEADERS,
    parseError: parseGenericError,
  };
}
