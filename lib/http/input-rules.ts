import { AppError } from "@/lib/errors";

/**
 * PostgreSQL stores no NUL (U+0000) in text or JSON, and UTF-8 has no lone surrogate halves;
 * a string holding either would fail deep in the database as a 500. Refused at the door instead.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasUnstorableText(value: string): boolean {
  return UNSTORABLE.test(value);
}

export const UNSTORABLE_MESSAGE =
  "contains a character that cannot be stored (NUL or a broken Unicode sequence).";

/** The path (a.b.0) of the first string, or object key, that cannot be stored, or null. */
export function findUnstorableText(value: unknown, path: string[] = [], depth = 0): string | null {
  if (depth > 64) return path.join(".") || "form";
  if (typeof value === "string") return hasUnstorableText(value) ? path.join(".") || "form" : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnstorableText(item, [...path, String(index)], depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (hasUnstorableText(key)) return [...path, "(key)"].join(".");
      const found = findUnstorableText(item, [...path, key], depth + 1);
      if (found) return found;
    }
  }
  return null;
}

/** Throws a 422 naming the field when the input holds text the database cannot store. */
export function refuseUnstorableText(value: unknown, options: { stripIndex?: boolean } = {}): void {
  const found = findUnstorableText(value);
  if (found === null) return;
  // Server actions receive positional arguments; the field is what the form calls it.
  const field = options.stripIndex ? found.replace(/^\d+\.?/, "") || "form" : found;
  throw new AppError("VALIDATION_FAILED", `${field} ${UNSTORABLE_MESSAGE}`, {
    fieldErrors: { [field]: [`This field ${UNSTORABLE_MESSAGE}`] },
  });
}

/** JSON APIs take JSON only: a form or text/plain body is how cross-site requests avoid preflight. */
export function isJsonContentType(value: string | null): boolean {
  if (!value) return false;
  const type = value.split(";")[0]?.trim().toLowerCase() ?? "";
  return type === "application/json" || /^application\/[\w.+-]+\+json$/.test(type);
}

export const ALLOWED_METHODS = [
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
  "OPTIONS",
] as const;

export function isAllowedMethod(method: string): boolean {
  return (ALLOWED_METHODS as readonly string[]).includes(method.toUpperCase());
}
