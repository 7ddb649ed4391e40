import { defineProvider } from "../types";
import { sendgridDefinition } from "./definition";
import { sendgridEventHandlers } from "./events";
import { SENDGRID } from "./names";
import { sendgridSettings, webhookPublicKeys } from "./settings";
import { sendgridSimulator } from "./simulator";
import { sendgridVerifier } from "./webhooks/verify";

export const sendgrid = defineProvider({
  name: SENDGRID,
  displayName: "SendGrid",
  settings: sendgridSettings,
  mode: (settings) => (settings.SENDGRID_API_KEY ? "live" : "simulator"),
  definition: sendgridDefinition,
  webhooks: (settings) => ({
    verify: sendgridVerifier(webhookPublicKeys(settings)),
    handlers: sendgridEventHandlers,
  }),
  // Lists what the key may do: works for any valid key, and changes nothing.
  connectionCheck: { operation: "scopes.list", path: "/v3/scopes" },
  simulator: sendgridSimulator,
  // Demo emails go out through the simulator like any others, so their events are real ones.
  seedDemo: () => import("@/lib/email/demo-seed").then((demo) => demo.seedDemoEmails()),
});
