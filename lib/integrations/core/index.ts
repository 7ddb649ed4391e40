/** The integration core's public surface; import from "@/lib/integrations/core". */
export { IntegrationCore, callProvider, getIntegrationCore, shutdownIntegrationCore } from "./core";
export type { IntegrationCoreOptions } from "./core";
export { createRestClient, authHeaders } from "./rest-client";
export type { RestCallOptions, RestClient, RestMethod } from "./rest-client";
export { IntegrationError, isIntegrationError } from "./errors";
export type { IntegrationFailureKind } from "./errors";
export {
  IntegrationConfigError,
  loadProviderDefinitions,
  validateIntegrationConfig,
} from "./config";
export type { ProviderDefinition } from "./config";
export {
  getCircuitStatuses,
  getCircuitTransitions,
  getQuotaProjections,
  getUsageSeries,
} from "./health";
export type { CircuitStatus, QuotaProjection, UsagePoint } from "./health";
export { forceCircuit, resetCircuit } from "./circuit-admin";
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
