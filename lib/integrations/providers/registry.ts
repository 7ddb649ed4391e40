import { sendgrid } from "./sendgrid";
import { stripe } from "./stripe";
import type { ProviderModule } from "./types";

/** The built-in providers. Adding one is a folder beside these and one line here. */
export const providerModules: readonly ProviderModule[] = [stripe, sendgrid];
