import {
  DEFAULT_BREAKER,
  DEFAULT_HEADERS,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUTS,
} from "@/lib/integrations/core/config";
import type { ProviderDefinition } from "@/lib/integrations/core/config-schema";
import { SIMULATOR_NOT_RUNNING } from "../simulator-address";
import { parseSendgridError } from "./errors";
import type { SendgridSettings } from "./settings";

/** What a keyless console sends to its simulator, which only checks the key's shape. */
const SIMULATOR_KEY = "SG.local-simulator.not-a-real-key";

export const SENDGRID_API = "https://api.sendgrid.com";

export function sendgridDefinition(settings: SendgridSettings): ProviderDefinition {
  const key = settings.SENDGRID_API_KEY;
  return {
    name: "sendgrid",
    displayName: "SendGrid",
    baseUrl: settings.SENDGRID_API_BASE ?? (key ? SENDGRID_API : SIMULATOR_NOT_RUNNING),
    // The simulator wants a key of the right shape; this one is never a real key.
    auth: { scheme: "bearer", token: key ?? SIMULATOR_KEY },
    // SendGrid documents 600 requests/minute per user as its default limit and reports the
    // per-endpoint limit in X-RateLimit-* headers, which quota tracking reads.
    rateLimitPerSecond: 10,
    timeouts: DEFAULT_TIMEOUTS,
    retry: DEFAULT_RETRY,
    breaker: DEFAULT_BREAKER,
    headers: { ...DEFAULT_HEADERS, requestId: "X-Message-Id" },
    parseError: parseSendgridError,
  };
}
