import {
  isIntegrationError,
  type CallActor,
  type RawProviderResponse,
} from "@/lib/integrations/core";
import { toHeaders } from "@/lib/integrations/core/attempt";
import { readQuotaHeaders } from "@/lib/integrations/core/quota";
import { getIntegrationCore } from "@/lib/integrations/runtime";
import { currentSendgridSettings } from "../current-settings";
import { MESSAGE_ID_ARG, SENDGRID } from "../names";
import { sendWithSdk, type MailSendBody } from "./sdk";

export interface MailRecipient {
  /** The console's message id, carried as a custom argument so that events find it. */
  messageId: string;
  to: string;
  data: Record<string, unknown>;
}

export interface MailRequest {
  /** The console's send request: the API-call log's correlation id. */
  requestId: string;
  templateId: string;
  recipients: readonly MailRecipient[];
  actor?: CallActor | null;
}

/** SendGrid's X-RateLimit-* reading of an answer: remaining requests until `resetAt`. */
export interface RateLimitReading {
  limit: number | null;
  remaining: number;
  resetAt: Date;
}

/**
 * How a mail send ended, in the terms that decide what happens next:
 * - accepted: SendGrid took it (202); its X-Message-Id names the messages.
 * - refused: SendGrid answered that this request will never be accepted (400, 401, 403, 413…).
 * - throttled: a 429, or no local request slot; nothing was sent. Try again at `retryAt`.
 * - unavailable: nothing was sent (circuit open, connection refused) or SendGrid failed (5xx).
 * - uncertain: the request may have reached SendGrid, but no answer came (a timeout, a reset
 *   connection). Sending it again could send twice; SendGrid's events will tell.
 */
export type MailOutcome =
  | { kind: "accepted"; providerMessageId: string | null; rateLimit: RateLimitReading | null }
  | {
      kind: "refused";
      status: number;
      code: string | null;
      reason: string;
      rateLimit: RateLimitReading | null;
    }
  | { kind: "throttled"; retryAt: Date; reason: string; rateLimit: RateLimitReading | null }
  | {
      kind: "unavailable";
      retryAt: Date | null;
      reason: string;
      rateLimit: RateLimitReading | null;
    }
  | { kind: "uncertain"; reason: string };

/** Connection errors that prove the request never left. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);
const RETRY_WITHOUT_HINT_MS = 30_000;

function readRateLimit(response: RawProviderResponse | null): RateLimitReading | null {
  if (!response) return null;
  const reading = readQuotaHeaders(
    toHeaders(response.headers),
    {
      quotaLimit: "X-RateLimit-Limit",
      quotaRemaining: "X-RateLimit-Remaining",
      quotaReset: "X-RateLimit-Reset",
    },
    Date.now(),
  );
  if (reading?.remaining === undefined || reading.resetAt === undefined) return null;
  return {
    limit: reading.limit ?? null,
    remaining: reading.remaining,
    resetAt: new Date(reading.resetAt),
  };
}

/** The mail body: one personalization per recipient, the data and the console's id with each. */
export function mailBody(request: MailRequest): MailSendBody {
  const settings = currentSendgridSettings();
  return {
    from: { email: settings.SENDGRID_FROM_EMAIL, name: settings.SENDGRID_FROM_NAME },
    template_id: request.templateId,
    personalizations: request.recipients.map((recipient) => ({
      to: [{ email: recipient.to }],
      dynamic_template_data: recipient.data,
      custom_args: { [MESSAGE_ID_ARG]: recipient.messageId },
    })),
  };
}

/**
 * One POST /v3/mail/send with the official SDK, through the integration core (circuit, rate
 * limit, timeout, API-call log). SendGrid has no idempotency key, so the core is given none and
 * makes exactly one attempt: retrying a send whose answer was lost could send it twice. Retries
 * belong to the caller, which knows from the outcome whether anything may have gone out.
 */
export async function sendMail(request: MailRequest): Promise<MailOutcome> {
  const core = getIntegrationCore();
  const definition = core.definition(SENDGRID);
  const mail = mailBody(request);
  // What the attempt saw, for the decisions the core's error does not carry.
  const seen: { started: boolean; answer: RawProviderResponse | null; errorCode: string | null } = {
    started: false,
    answer: null,
    errorCode: null,
  };
  try {
    const result = await core.call(
      {
        provider: SENDGRID,
        operation: "mail.send",
        method: "POST",
        path: "/v3/mail/send",
        actor: request.actor,
        correlationId: request.requestId,
        // The log keeps the shape of the call, not a thousand addresses and their data.
        requestBody: {
          template_id: request.templateId,
          personalizations: request.recipients.length,
        },
      },
      async (attempt) => {
        seen.started = true;
        try {
          seen.answer = await sendWithSdk(definition, attempt, mail);
        } catch (error) {
          seen.errorCode = errorCodeOf(error);
          throw error;
        }
        return seen.answer;
      },
    );
    return {
      kind: "accepted",
      providerMessageId: result.requestId ?? null,
      rateLimit: readRateLimit(seen.answer),
    };
  } catch (error) {
    if (!isIntegrationError(error)) throw error;
    const rateLimit = readRateLimit(seen.answer);
    const now = Date.now();
    const hinted =
      error.retryAfterSeconds === undefined ? null : new Date(now + error.retryAfterSeconds * 1000);
    switch (error.kind) {
      case "http": {
        const status = error.httpStatus ?? 0;
        if (status === 429) {
          return {
            kind: "throttled",
            retryAt: rateLimit?.resetAt ?? hinted ?? new Date(now + 1_000),
            reason: error.userMessage,
            rateLimit,
          };
        }
        if (status >= 500 || status === 408) {
          return { kind: "unavailable", retryAt: hinted, reason: error.userMessage, rateLimit };
        }
        return {
          kind: "refused",
          status,
          code: error.providerCode ?? null,
          reason: error.userMessage,
          rateLimit,
        };
      }
      case "rate_limited":
        return {
          kind: "throttled",
          retryAt: hinted ?? new Date(now + 1_000),
          reason: error.userMessage,
          rateLimit,
        };
      case "circuit_open":
        return {
          kind: "unavailable",
          retryAt: hinted ?? new Date(now + RETRY_WITHOUT_HINT_MS),
          reason: error.userMessage,
          rateLimit,
        };
      case "network":
        if (!seen.started || NOT_SENT_CODES.has(seen.errorCode ?? "")) {
          return { kind: "unavailable", retryAt: null, reason: error.userMessage, rateLimit };
        }
        return { kind: "uncertain", reason: error.userMessage };
      // Only with a response schema, which a send does not use; a 2xx is an acceptance.
      case "invalid_response":
        return { kind: "accepted", providerMessageId: error.requestId ?? null, rateLimit };
      case "timeout":
      case "deadline":
      case "aborted":
        return seen.started
          ? { kind: "uncertain", reason: error.userMessage }
          : { kind: "unavailable", retryAt: null, reason: error.userMessage, rateLimit };
    }
  }
}

/** A system error's code (ECONNREFUSED…), from an axios error or its cause. */
function errorCodeOf(error: unknown): string | null {
  for (const candidate of [error, error instanceof Error ? error.cause : undefined]) {
    if (candidate && typeof candidate === "object" && "code" in candidate) {
      const code = candidate.code;
      if (typeof code === "string") return code;
    }
  }
  return null;
}
