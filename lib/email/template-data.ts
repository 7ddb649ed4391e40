import { createHash } from "node:crypto";
import { z } from "zod";

/** Template data: a JSON object, bounded so that one email cannot carry a megabyte. */
export const MAX_TEMPLATE_DATA_BYTES = 16 * 1024;

export const templateDataSchema = z
  .record(z.string().max(100, "Template data keys are at most 100 characters."), z.json(), {
    error: 'Template data must be a JSON object, such as {"name": "Ada"}.',
  })
  .refine(
    (data) => Buffer.byteLength(JSON.stringify(data)) <= MAX_TEMPLATE_DATA_BYTES,
    `Template data must be at most ${MAX_TEMPLATE_DATA_BYTES / 1024} KiB as JSON.`,
  );

export type TemplateData = z.infer<typeof templateDataSchema>;

/** An array-index key ("0", "17"): JavaScript lists those first, in numeric order. */
function isIndexKey(key: string): boolean {
  const index = Number(key);
  return String(index >>> 0) === key && index !== 2 ** 32 - 1;
}

/**
 * The JSON text of a value with object keys sorted, so that equal data always hashes alike: what
 * JSON.stringify wrote for a copy made with sorted keys (hashes stored before stay valid), whose
 * index keys came first in numeric order. Written directly, hashing a 100,000-row list makes no
 * copies of its rows.
 */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    let out = "[";
    for (const [index, item] of value.entries()) {
      out += `${index === 0 ? "" : ","}${item === undefined ? "null" : canonicalJson(item)}`;
    }
    return `${out}]`;
  }
  if (value && typeof value === "object") {
    let out = "";
    for (const key of canonicalKeys(value)) {
      const member: unknown = Reflect.get(value, key);
      if (member === undefined) continue;
      out += `${out === "" ? "" : ","}${JSON.stringify(key)}:${canonicalJson(member)}`;
    }
    return `{${out}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** An object's keys in that order: a list's rows usually have theirs sorted already. */
function canonicalKeys(value: object): string[] {
  const keys = Object.keys(value);
  let named = 0;
  while (named < keys.length && isIndexKey(keys[named] ?? "")) named += 1;
  for (let index = named + 1; index < keys.length; index += 1) {
    if ((keys[index - 1] ?? "") > (keys[index] ?? "")) {
      return [...keys.slice(0, named), ...keys.slice(named).sort()];
    }
  }
  return keys;
}

/** What the email log shows instead of the data: its SHA-256, hex. */
export function hashTemplateData(data: Record<string, unknown>): string {
  return createHash("sha256").update(canonicalJson(data)).digest("hex");
}
