import { defineProvider } from "../types";
import { sendgridSimulator } from "./simulator";
import { sendgridDefinition } from "./definition";
import { sendgridSettings } from "./settings";

export const sendgrid = defineProvider({
  name: "sendgrid",
  displayName: "SendGrid",
  settings: sendgridSettings,
  mode: (settings) => (settings.SENDGRID_API_KEY ? "live" : "simulator"),
  definition: sendgridDefinition,
  // Lists what the key may do: works for any valid key, and changes nothing.
  connectionCheck: { operation: "scopes.list", path: "/v3/scopes" },
  simulator: sendgridSimulator,
});
