import type { SimulatorEntry } from "../types";
import type { SendgridSettings } from "./settings";

/**
 * Without an API key (and without SENDGRID_API_BASE naming another stand-in) the launcher runs
 * simulators/sendgrid and gives the console the public key its event webhook signs with, in a
 * variable of its own so that a configured SENDGRID_WEBHOOK_PUBLIC_KEY still counts beside it.
 */
export function sendgridSimulator(settings: SendgridSettings): SimulatorEntry | undefined {
  if (settings.SENDGRID_API_KEY || settings.SENDGRID_API_BASE) return undefined;
  return {
    async start({ webhookUrl }) {
      const { startSendgridSimulator } = await import("@/simulators/sendgrid");
      const simulator = await startSendgridSimulator({ webhookTarget: webhookUrl });
      return {
        url: simulator.url,
        variables: {
          SENDGRID_API_BASE: simulator.url,
          SENDGRID_SIMULATOR_PUBLIC_KEY: simulator.webhooks.signer.verificationKey,
        },
        close: () => simulator.close(),
      };
    },
  };
}
