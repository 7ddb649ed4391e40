// The simulator host's public surface; simulators and tests import from here.
export { startSimulator } from "./server";
export type {
  FaultControls,
  RunningSimulator,
  StartSimulatorOptions,
  WebhookControls,
} from "./server";
export type { FaultAction, FaultScriptOptions, FaultStep } from "./faults";
export { FaultScripts, stepAnswers, stepHeaders } from "./faults";
export { faultRequestSchema, faultStepSchema } from "./fault-schema";
export type { ReceivedRequest } from "./received";
export { Collection, EventLog, Ledger } from "./ledger";
export type { Identified, Page, SimEvent } from "./ledger";
export { IdempotencyStore, requestFingerprint } from "./idempotency";
export type { IdempotencyDecision } from "./idempotency";
export { SignerNotImplementedError } from "./signer";
export type { SignerFactory, SignInput, WebhookSigner } from "./signer";
export type {
  SimRequest,
  SimResponse,
  SimulatorContext,
  SimulatorModule,
  WebhookProfile,
} from "./module";
export { DEFAULT_WEBHOOK_CONFIG, retryDelayMs } from "./webhooks/config";
export type { RetryPolicy, WebhookConfig, WebhookConfigPatch } from "./webhooks/config";
export type { DeliveryAttempt, SendOptions } from "./webhooks/dispatcher";
export { deliveryCounts, planDeliveries } from "./webhooks/plan";
export type { DeliveryCounts, PlanOptions, PlannedDelivery } from "./webhooks/plan";
export { CONTROL_PREFIX } from "./control";
export { matchRoute, route } from "./router";
export { randomId } from "./ids";
