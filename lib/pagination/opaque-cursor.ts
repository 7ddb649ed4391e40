import type { z } from "zod";
import { AppError } from "@/lib/errors";

/** A page cursor as the URL carries it: JSON in base64url, opaque to the person reading it. */
export function encodeOpaqueCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/**
 * A cursor from the URL, checked against what its list writes; anything else (edited by hand,
 * cut short, from another list) is a 422 that says to start again, never a 500.
 */
export function decodeOpaqueCursor<T>(value: string | undefined, schema: z.ZodType<T>): T | null {
  if (!value) return null;
  let json: unknown = null;
  try {
    json = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
  } catch {
    json = null;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new AppError("VALIDATION_FAILED", "The page link is broken; start from the first page.", {
      fieldErrors: { after: ["Not a page cursor."] },
    });
  }
  return parsed.data;
}
