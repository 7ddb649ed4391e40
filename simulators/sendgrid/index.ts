import { startSimulator, type RunningSimulator, type StartSimulatorOptions } from "../host/server";
import type { SendgridEvent, SendgridLedger } from "./ledger";
import { createSendgridModule } from "./module";

export { createSendgridModule, sendgridSimulator } from "./module";
export {
  SendgridLedger,
  SENDGRID_RATE_LIMIT_PER_MINUTE,
  type SendgridEvent,
  type SendgridWireEvent,
} from "./ledger";
export { createSendgridSigner, generateSendgridSigningKey } from "./signer";

export type SendgridSimulator = RunningSimulator<SendgridEvent, SendgridLedger>;

export function startSendgridSimulator(
  options: StartSimulatorOptions & { rateLimitPerMinute?: number } = {},
): Promise<SendgridSimulator> {
  const { rateLimitPerMinute, ...rest } = options;
  return startSimulator(createSendgridModule({ rateLimitPerMinute }), rest);
}
