import { z } from "zod";
import { decodeOpaqueCursor, encodeOpaqueCursor } from "@/lib/pagination/opaque-cursor";

/** Keyset pagination: the last row's (createdAt, id), newest first, opaque in the URL. */
const cursorSchema = z.object({ t: z.iso.datetime(), id: z.uuid() });

export interface Cursor {
  createdAt: Date;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return encodeOpaqueCursor({ t: cursor.createdAt.toISOString(), id: cursor.id });
}

export function decodeCursor(value: string | undefined): Cursor | null {
  const parsed = decodeOpaqueCursor(value, cursorSchema);
  return parsed && { createdAt: new Date(parsed.t), id: parsed.id };
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
