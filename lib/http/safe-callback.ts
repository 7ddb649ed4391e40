import { appOrigin } from "@/lib/env";

const MAX_LENGTH = 2048;
// C0 controls, DEL, C1 controls and the backslash: browsers strip or rewrite them in URLs
// ("/\t/evil" becomes "//evil"), so a target holding one never means what it looks like.
const SUSPICIOUS = /[\u0000-\u001f\u007f-\u009f\\]/;

function decodedForms(value: string): string[] | null {
  const forms = [value];
  let current = value;
  for (let round = 0; round < 3; round++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) break;
    forms.push(next);
    current = next;
  }
  return forms;
}

function isOwnAbsoluteUrl(value: string, origin: string): boolean {
  try {
    return new URL(value).origin === origin;
  } catch {
    return false;
  }
}

/**
 * The one rule for every post-sign-in redirect (the login page, the sign-in action, Auth.js's
 * redirect callback): resolved against the configured origin, kept only when it stays on that
 * origin with a plain path and no control characters in any decoding of it. Anything else: "/".
 */
export function safeCallbackPath(
  value: unknown,
  origin: string = appOrigin(),
  options: { allowLogin?: boolean } = {},
): string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_LENGTH) return "/";
  const forms = decodedForms(value);
  if (!forms) return "/";
  for (const form of forms) {
    if (SUSPICIOUS.test(form) || form !== form.trim() || form.startsWith("//")) return "/";
    // An absolute URL (https:, javascript:, data:) passes only when it is our own origin.
    if (/^[a-z][a-z0-9+.-]*:/i.test(form) && !isOwnAbsoluteUrl(form, origin)) return "/";
  }
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return "/";
  }
  if (url.origin !== origin || url.username || url.password) return "/";
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (!path.startsWith("/") || path.startsWith("//")) return "/";
  if (path.startsWith("/api/")) return "/";
  if (
    !options.allowLogin &&
    (path === "/login" || path.startsWith("/login?") || path.startsWith("/login/"))
  )
    return "/";
  return path;
}

/** The same decision as an absolute URL, for Auth.js's redirect callback (sign-out goes to /login). */
export function safeCallbackUrl(value: unknown, origin: string = appOrigin()): string {
  return `${origin}${safeCallbackPath(value, origin, { allowLogin: true })}`;
}
