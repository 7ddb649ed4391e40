import { z } from "zod";
import { AppError } from "@/lib/errors";

/** Keyset pagination: the last row's (createdAt, id), newest first, opaque in the URL. */
const cursorSchema = z.object({ t: z.iso.datetime(), id: z.uuid() });

export interface Cursor {
  createdAt: Date;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ t: cursor.createdAt.toISOString(), id: cursor.id })).toString(
    "base64url",
  );
}

export function decodeCursor(value: string | undefined): Cursor | null {
  if (!value) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
  } catch {
    json = null;
  }
  const parsed = cursorSchema.safeParse(json);
  if (!parsed.success) {
    throw new AppError("VALIDATION_FAILED", "The page link is broken; start from the first page.", {
      fieldErrors: { after: ["Not a page cursor."] },
    });
  }
  return { createdAt: new Date(parsed.data.t), id: parsed.data.id };
}

/** Rows strictly after the cursor in (createdAt desc, id desc) order. */
export function afterCursor(cursor: Cursor | null) {
  if (!cursor) return {};
  return {
    OR: [
      { createdAt: { lt: cursor.createdAt } },
      { createdAt: cursor.createdAt, id: { lt: cursor.id } },
    ],
  };
}
