import { REDACTED } from "@/lib/redact";

/** How the provider authenticates, without the credential itself. */
export type CurlAuth =
  | { scheme: "none" }
  | { scheme: "bearer" }
  | { scheme: "basic" }
  | { scheme: "header"; header: string };

export interface CurlInput {
  method: string;
  /** The provider's base URL; null when the provider is no longer configured. */
  baseUrl: string | null;
  /** The stored (sanitised) path with its query string. */
  path: string;
  auth: CurlAuth;
  idempotencyHeader: string | null;
  idempotencyKey: string | null;
  /** The stored (redacted) request body. */
  body: unknown;
}

/** POSIX shell single-quoting: nothing inside is expanded. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

function joinUrl(baseUrl: string | null, path: string): string {
  if (!baseUrl) return `https://PROVIDER_BASE_URL${path.startsWith("/") ? "" : "/"}${path}`;
  let base = baseUrl;
  try {
    // Credentials in a base URL's user-info are secrets like any other.
    const url = new URL(baseUrl);
    if (url.username || url.password) {
      url.username = REDACTED;
      url.password = "";
    }
    base = url.toString();
  } catch {
    base = baseUrl;
  }
  return `${base.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

/** A flat object of strings is how a form body (Stripe's kind) is logged. */
function isFormBody(body: unknown): body is Record<string, string> {
  return (
    body !== null &&
    typeof body === "object" &&
    !Array.isArray(body) &&
    Object.keys(body).length > 0 &&
    Object.values(body).every((value) => typeof value === "string")
  );
}

/**
 * The call as a curl command a person can paste to try it again by hand. It is built from what
 * the log stored (already redacted); the credential is never looked up, only marked, so the
 * command must be completed with one's own key before it runs.
 */
export function curlCommand(input: CurlInput): string {
  const lines = [
    `curl -X ${input.method.toUpperCase()} ${shellQuote(joinUrl(input.baseUrl, input.path))}`,
  ];
  const header = (name: string, value: string) =>
    lines.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  if (input.auth.scheme === "bearer") header("Authorization", `Bearer ${REDACTED}`);
  if (input.auth.scheme === "basic") lines.push(`-u ${shellQuote(`${REDACTED}:${REDACTED}`)}`);
  if (input.auth.scheme === "header") header(input.auth.header, REDACTED);
  if (input.idempotencyKey && input.idempotencyHeader)
    header(input.idempotencyHeader, input.idempotencyKey);
  const body = input.body;
  if (body !== null && body !== undefined) {
    if (isFormBody(body)) {
      for (const [key, value] of Object.entries(body))
        lines.push(`--data-urlencode ${shellQuote(`${key}=${value}`)}`);
    } else {
      header("Content-Type", "application/json");
      lines.push(`--data-raw ${shellQuote(JSON.stringify(body))}`);
    }
  }
  return lines.join(" \\\n  ");
}
