import { Client } from "@sendgrid/client";
import { z } from "zod";
import type {
  AttemptContext,
  ProviderDefinition,
  RawProviderResponse,
} from "@/lib/integrations/core";

const responseError = z.object({
  code: z.number().int(),
  response: z.object({ headers: z.unknown(), body: z.unknown() }),
});

/**
 * axios's headers (an AxiosHeaders instance, one own property per header) as the core reads
 * them: strings and lists of strings, nothing else.
 */
function plainHeaders(raw: unknown): Record<string, string | string[]> {
  if (typeof raw !== "object" || raw === null) return {};
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value === "string") out[name] = value;
    else if (typeof value === "number") out[name] = String(value);
    else if (Array.isArray(value)) out[name] = value.filter((item) => typeof item === "string");
  }
  return out;
}

/**
 * The official client for one attempt: the key and host from the provider's definition (so
 * INTEGRATIONS_CONFIG overrides and the simulator apply), and the attempt's signal, so that the
 * core's timeout really cancels the request. The SDK itself never retries.
 */
export function sdkClient(definition: ProviderDefinition, attempt: AttemptContext): Client {
  const client = new Client();
  if (definition.auth.scheme === "bearer") client.setApiKey(definition.auth.token);
  // setApiKey resets the base URL to SendGrid's own, so the configured one goes after it.
  client.setDefaultRequest("baseUrl", definition.baseUrl);
  // The SDK's typings omit it, but axios takes an AbortSignal with every request.
  const cancellation = { url: "", signal: attempt.signal };
  client.setDefaultRequest(cancellation);
  return client;
}

/** An SDK call's outcome as the integration core reads it: any answer is returned, never thrown. */
async function answer(
  call: () => Promise<[{ statusCode: number; headers: unknown; body: unknown }, unknown]>,
): Promise<RawProviderResponse> {
  try {
    const [response, body] = await call();
    return { status: response.statusCode, headers: plainHeaders(response.headers), body };
  } catch (error) {
    const failed = responseError.safeParse(error);
    if (failed.success) {
      return {
        status: failed.data.code,
        headers: plainHeaders(failed.data.response.headers),
        body: failed.data.response.body,
      };
    }
    throw error; // no answer at all: the network, a cancellation
  }
}

/** POST /v3/mail/send's body as SendGrid defines it (snake_case), with the fields the console sends. */
export interface MailSendBody {
  from: { email: string; name?: string };
  template_id: string;
  personalizations: {
    to: { email: string }[];
    dynamic_template_data: Record<string, unknown>;
    custom_args: Record<string, string>;
  }[];
}

/**
 * One POST /v3/mail/send through @sendgrid/client, the transport @sendgrid/mail itself calls.
 * @sendgrid/mail's Mail helper is left out because it deep-clones the body and converts every key
 * to camelCase and back: about 6 MB of garbage per 1,000-recipient request, a third of a bulk
 * send's allocations (bench/email-bulk.ts). The body is built in SendGrid's wire format instead.
 */
export function sendWithSdk(
  definition: ProviderDefinition,
  attempt: AttemptContext,
  body: MailSendBody,
): Promise<RawProviderResponse> {
  const client = sdkClient(definition, attempt);
  return answer(() => client.request({ method: "POST", url: "/v3/mail/send", body }));
}

/** Any other v3 request through @sendgrid/client. */
export function requestWithSdk(
  definition: ProviderDefinition,
  attempt: AttemptContext,
  request: { method: "GET"; url: string; qs?: Record<string, string | number> },
): Promise<RawProviderResponse> {
  const client = sdkClient(definition, attempt);
  return answer(() => client.request(request));
}
