import { isSecretKey, redact, redactString, REDACTED } from "@/lib/redact";

const MAX_STORED_CHARS = 4_000;

/**
 * What may be stored or logged of a request or response body: secrets removed by key and by
 * shape, e-mail addresses masked, and size bounded so one huge payload cannot bloat the log.
 */
export function sanitizeBody(body: unknown): unknown {
  const clean = sanitizeWithText(body);
  return clean === null ? null : clean.value;
}

function sanitizeWithText(body: unknown): { value: unknown; text: string } | null {
  if (body === undefined || body === null || body === "") return null;
  let value: unknown = body;
  if (typeof body === "string") {
    try {
      value = JSON.parse(body);
    } catch {
      value = body;
    }
  } else if (body instanceof URLSearchParams) {
    value = Object.fromEntries(body.entries());
  } else if (body instanceof Uint8Array || body instanceof ArrayBuffer) {
    const note = `[binary ${body.byteLength} bytes]`;
    return { value: note, text: JSON.stringify(note) };
  }
  const clean = redact(value, { maskEmails: true });
  if (clean === null) return null;
  const text = JSON.stringify(clean);
  if (text === undefined) return null;
  if (text.length <= MAX_STORED_CHARS) return { value: clean, text };
  const truncated = {
    truncated: true,
    preview: redactString(text.slice(0, MAX_STORED_CHARS), { maskEmails: true }),
  };
  return { value: truncated, text: JSON.stringify(truncated) };
}

/** The path as stored: query parameters with secret-looking names blanked, secret shapes scrubbed. */
export function sanitizePath(pathWithQuery: string): string {
  const [pathname = "", query] = pathWithQuery.split("?", 2);
  const cleanPath = redactString(pathname, { maskEmails: true });
  if (query === undefined) return cleanPath;
  const params = new URLSearchParams(query);
  const out = new URLSearchParams();
  for (const [key, value] of params)
    out.append(key, isSecretKey(key) ? REDACTED : redactString(value, { maskEmails: true }));
  return `${cleanPath}?${out.toString()}`;
}

/** Free text (provider error messages, network errors) as it may appear in a message or a log. */
export function sanitizeText(text: string, maxLength = 300): string {
  const clean = redactString(text, { maskEmails: true });
  return clean.length > maxLength ? `${clean.slice(0, maxLength)}…` : clean;
}
