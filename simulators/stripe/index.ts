import { startSimulator, type RunningSimulator, type StartSimulatorOptions } from "../host/server";
import type { StripeEvent, StripeLedger } from "./ledger";
import { stripeSimulator } from "./module";
import { seedDemoPayments } from "./seed";

export { stripeSimulator } from "./module";
export { StripeLedger, SIMULATED_API_VERSION, type StripeEvent } from "./ledger";
export { createStripeSigner, generateStripeWebhookSecret } from "./signer";
export { TEST_CARDS } from "./objects";

export type StripeSimulator = RunningSimulator<StripeEvent, StripeLedger>;

export async function startStripeSimulator(
  options: StartSimulatorOptions & { demo?: boolean } = {},
): Promise<StripeSimulator> {
  const simulator = await startSimulator(stripeSimulator, options);
  if (options.demo) seedDemoPayments(simulator.ledger, (options.clock ?? Date).now());
  return simulator;
}
