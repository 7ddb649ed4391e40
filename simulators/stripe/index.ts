import { startSimulator, type RunningSimulator, type StartSimulatorOptions } from "../host/server";
import type { StripeEvent, StripeLedger } from "./ledger";
import { stripeSimulator } from "./module";

export { stripeSimulator } from "./module";
export { StripeLedger, type StripeEvent } from "./ledger";
export { createStripeSigner, generateStripeWebhookSecret } from "./signer";

export type StripeSimulator = RunningSimulator<StripeEvent, StripeLedger>;

export function startStripeSimulator(
  options: StartSimulatorOptions = {},
): Promise<StripeSimulator> {
  return startSimulator(stripeSimulator, options);
}
