import { environmentVariables, getEnv, type Env } from "@/lib/env";
import { sendgridSettings, type SendgridSettings } from "./settings";

let cached: { env: Env; settings: SendgridSettings } | undefined;

/**
 * This process's SendGrid settings, typed. lib/env.ts validated them at start-up; this reads the
 * same variables through the same schema, once per environment.
 */
export function currentSendgridSettings(): SendgridSettings {
  const env = getEnv();
  if (cached?.env !== env) {
    cached = { env, settings: sendgridSettings.parse(environmentVariables()) };
  }
  return cached.settings;
}
