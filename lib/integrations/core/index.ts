/** The integration core's public surface; import from "@/lib/integrations/core". */
export { IntegrationCore } from "./core";
export type { IntegrationCoreOptions } from "./core";
export { createRestClient, authHeaders } from "./rest-client";
export type { RestCallOptions, RestClient, RestMethod } from "./rest-client";
export { IntegrationError, isIntegrationError } from "./errors";
export type { AttemptOutcome, FailureKind } from "./outcome";
export {
  DEFAULT_BREAKER,
  DEFAULT_HEADERS,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUTS,
  IntegrationConfigError,
  applyIntegrationsConfig,
} from "./config";
export type { ConfiguredProvider, Variables } from "./config";
export type { AuthConfig, ProviderDefinition, ProviderErrorInfo } from "./config-schema";
export {
  getCircuitStatuses,
  getCircuitTransitions,
  getQuotaProjections,
  getUsageSeries,
} from "./health";
export type { CircuitStatus, QuotaProjection, UsagePoint } from "./health";
export { toView } from "./circuit-store";
export type { CircuitPhase } from "./circuit-store";
export type {
  AttemptContext,
  AttemptFn,
  CallActor,
  ProviderCallRequest,
  ProviderCallResult,
} from "./types";
export type { RawProviderResponse } from "./attempt";
export { systemClock } from "./clock";
export type { Clock } from "./clock";
