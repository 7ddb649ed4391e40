import { appOrigin, getEnv, type Env } from "@/lib/env";
import { fromTrustedProxy, requestScheme } from "./client-address";

/**
 * The origin our own pages have: APP_URL when configured; behind a trusted proxy without it, the
 * forwarded scheme and host; otherwise the local default. Never a header from an untrusted peer.
 */
export function expectedOrigin(headers: Headers, env: Env = getEnv()): string {
  if (env.APP_URL) return env.APP_URL;
  const forwardedHost = fromTrustedProxy(headers, env)
    ? headers.get("x-forwarded-host")?.split(",")[0]?.trim()
    : undefined;
  if (forwardedHost) {
    try {
      return new URL(`${requestScheme(headers, env)}://${forwardedHost}`).origin;
    } catch {
      return appOrigin(env);
    }
  }
  return appOrigin(env);
}

/** Why a state-changing request fails the same-origin rule, or null when it passes. */
export function originProblem(headers: Headers, env: Env = getEnv()): string | null {
  const origin = headers.get("origin");
  if (!origin) return "This request is missing its Origin header.";
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return "This request has a malformed Origin header.";
  }
  // Scheme, host and port all count: http://console and https://console are different sites.
  if (origin === "null" || parsed.origin !== expectedOrigin(headers, env))
    return "This request came from another site.";
  return null;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function changesState(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}
