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

/** The same JSON with object keys sorted, so that equal data always hashes alike. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical(Reflect.get(value, key))]),
    );
  }
  return value;
}

/** What the email log shows instead of the data: its SHA-256, hex. */
export function hashTemplateData(data: Record<string, unknown>): string {
  return createHash("sha256")
    .update(JSON.stringify(canonical(data)))
    .digest("hex");
}
