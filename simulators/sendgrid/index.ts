import { startSimulator, type RunningSimulator, type StartSimulatorOptions } from "../host/server";
import type { SendgridEvent, SendgridLedger } from "./ledger";
import { generateEvents } from "./mail";
import { createSendgridModule, type SendgridSimulatorOptions } from "./module";

export { createSendgridModule, sendgridSimulator, type SendgridSimulatorOptions } from "./module";
export {
  SendgridLedger,
  SENDGRID_RATE_LIMIT_PER_MINUTE,
  type SendgridEvent,
  type SendgridMessage,
  type SendgridWireEvent,
} from "./ledger";
export { createSendgridSigner, generateSendgridSigningKey, signSendgridPayload } from "./signer";
export { DEMO_TEMPLATES } from "./templates";

export interface SendgridSimulator extends RunningSimulator<SendgridEvent, SendgridLedger> {
  /** Exactly `n` more events for the accepted messages (delivered unless `deliver` is false). */
  generateEvents(n: number, options?: { deliver?: boolean }): SendgridEvent[];
}

export async function startSendgridSimulator(
  options: StartSimulatorOptions & SendgridSimulatorOptions = {},
): Promise<SendgridSimulator> {
  const { rateLimitPerMinute, rateLimitWindowMs, lifecycle, ...rest } = options;
  const definition = createSendgridModule({ rateLimitPerMinute, rateLimitWindowMs, lifecycle });
  const running = await startSimulator(definition, rest);
  // The control endpoint's work, without HTTP, for tests in the same process.
  const context = {
    ledger: running.ledger,
    now: () => (rest.clock ?? Date).now(),
    random: rest.random ?? Math.random,
  };
  return Object.assign(running, {
    generateEvents(n: number, generate: { deliver?: boolean } = {}) {
      const run = () => generateEvents(context, n);
      return generate.deliver === false ? running.webhooks.withoutAutoDelivery(run) : run();
    },
  });
}
