import { startSimulator, type RunningSimulator, type StartSimulatorOptions } from "../host/server";
import { generateChanges, type GenerateChangesOptions } from "./bulk";
import type { GenericEvent, GenericLedger } from "./ledger";
import { genericSimulator } from "./module";

export { genericSimulator } from "./module";
export {
  GenericLedger,
  type GenericEvent,
  type GenericEventType,
  type GenericObject,
} from "./ledger";
export { generateChanges, type GenerateChangesOptions } from "./bulk";
export { createStandardWebhookSigner, generateStandardWebhookSecret } from "./signer";

export interface GenericSimulator extends RunningSimulator<GenericEvent, GenericLedger> {
  /**
   * Makes `n` object changes, one event each, and returns the events. With `deliver: false` the
   * events are only logged, to be sent later with webhooks.send() and its duplicate, forged and
   * shuffled shares.
   */
  generateChanges(
    n: number,
    options?: GenerateChangesOptions & { deliver?: boolean },
  ): GenericEvent[];
}

export async function startGenericSimulator(
  options: StartSimulatorOptions = {},
): Promise<GenericSimulator> {
  const simulator = await startSimulator(genericSimulator, options);
  return {
    ...simulator,
    generateChanges(n, { deliver = true, ...changeOptions } = {}) {
      const run = () =>
        generateChanges(simulator.ledger, n, { random: options.random, ...changeOptions });
      return deliver ? run() : simulator.webhooks.withoutAutoDelivery(run);
    },
  };
}
