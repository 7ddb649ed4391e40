import { startGenericSimulator } from "./generic";
import type { StartSimulatorOptions } from "./host/server";
import type { WebhookSigner } from "./host/signer";
import type { WebhookConfig } from "./host/webhooks/config";
import { startSendgridSimulator } from "./sendgrid";
import { startStripeSimulator } from "./stripe";

/** What a launcher needs of any running simulator, whatever its ledger. */
export interface StartedSimulator {
  readonly name: string;
  readonly url: string;
  readonly webhooks: {
    readonly signer: WebhookSigner;
    readonly settings: Readonly<WebhookConfig>;
  };
  close(): Promise<void>;
}

export interface SimulatorEntry {
  readonly name: string;
  readonly displayName: string;
  start(options?: StartSimulatorOptions): Promise<StartedSimulator>;
}

/** Every simulator `npm run simulators` starts; a new one adds its folder and one line here. */
export const simulatorRegistry: readonly SimulatorEntry[] = [
  { name: "generic", displayName: "Generic REST provider", start: startGenericSimulator },
  { name: "stripe", displayName: "Stripe", start: startStripeSimulator },
  { name: "sendgrid", displayName: "SendGrid", start: startSendgridSimulator },
];
