/**
 * Audit rows record what attackers send (paths, emails, origins). PostgreSQL cannot store NUL or
 * lone surrogates, so they are replaced rather than letting the audit write itself fail.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function storableText(value: string): string;
export function storableText(value: string | null): string | null;
export function storableText(value: string | null): string | null {
  return value === null ? null : value.replace(UNSTORABLE, "\uFFFD");
}

export function storableJson(value: unknown): unknown {
  if (typeof value === "string") return storableText(value);
  if (Array.isArray(value)) return value.map(storableJson);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [storableText(key), storableJson(item)]),
    );
  }
  return value;
}
