import { redact, redactString } from "@/lib/redact";

/** Most characters of a payload sent to the browser; a larger one is cut, and says so. */
export const PAYLOAD_VIEW_CHARS = 64 * 1024;

export interface PayloadView {
  /** Pretty-printed JSON (or the raw text, when it is not JSON), secrets redacted. */
  text: string;
  json: boolean;
  /** The stored body's length in characters. */
  size: number;
  truncated: boolean;
}

/**
 * A stored body as the console may show it: secret keys and secret-shaped values redacted by the
 * same rules as the API-call log (lib/redact.ts), then cut to a size a page can render.
 * Addresses are left visible: support staff look deliveries up by recipient.
 */
export function redactedPayload(body: string): PayloadView {
  let text: string;
  let json = true;
  try {
    const value: unknown = JSON.parse(body);
    text = JSON.stringify(redact(value), null, 2);
  } catch {
    json = false;
    text = redactString(body);
  }
  const truncated = text.length > PAYLOAD_VIEW_CHARS;
  return {
    text: truncated ? `${text.slice(0, PAYLOAD_VIEW_CHARS)}\n…` : text,
    json,
    size: body.length,
    truncated,
  };
}
