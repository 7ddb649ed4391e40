import { z } from "zod";
import { decodeOpaqueCursor, encodeOpaqueCursor } from "@/lib/pagination/opaque-cursor";
import { timelineKinds, type TimelineKind } from "./views";

/** A day from a date input (YYYY-MM-DD, read as UTC) or a full ISO timestamp. */
const instant = z.preprocess(
  (value) => (value === "" ? undefined : value),
  z
    .union([
      z.iso.date().transform((day) => ({ day: true, at: new Date(`${day}T00:00:00.000Z`) })),
      z.iso.datetime({ offset: true }).transform((iso) => ({ day: false, at: new Date(iso) })),
    ])
    .optional(),
);

export const timelineQuerySchema = z
  .object({
    /** Comma-separated kinds; none means all. */
    kinds: z.preprocess(
      (value) =>
        typeof value === "string"
          ? value
              .split(",")
              .map((part) => part.trim())
              .filter(Boolean)
          : value,
      z
        .array(z.enum(timelineKinds, { error: "Unknown kind of timeline entry." }))
        .max(timelineKinds.length)
        .optional(),
    ),
    from: instant,
    /** Up to: a day means up to the end of that day. */
    to: instant,
    after: z.string().max(500).optional(),
  })
  .transform((query) => ({
    kinds: new Set<TimelineKind>(
      query.kinds && query.kinds.length > 0 ? query.kinds : timelineKinds,
    ),
    from: query.from?.at ?? null,
    to: query.to ? new Date(query.to.at.getTime() + (query.to.day ? 86_400_000 : 0)) : null,
    after: query.after,
  }))
  .refine((query) => !query.from || !query.to || query.from < query.to, {
    message: "The start must be before the end.",
    path: ["from"],
  });

export type TimelineQuery = z.output<typeof timelineQuerySchema>;

/** Items strictly after (at, key) in newest-first order. Opaque in the URL. */
const cursorSchema = z.object({ t: z.iso.datetime(), k: z.string().max(300) });
export type TimelineCursor = { at: Date; key: string };

export function encodeTimelineCursor(cursor: TimelineCursor): string {
  return encodeOpaqueCursor({ t: cursor.at.toISOString(), k: cursor.key });
}

export function decodeTimelineCursor(value: string | undefined): TimelineCursor | null {
  const parsed = decodeOpaqueCursor(value, cursorSchema);
  return parsed && { at: new Date(parsed.t), key: parsed.k };
}

/** Newest first; at one instant, the larger key first. */
export function newestFirst(a: { at: Date; key: string }, b: { at: Date; key: string }): number {
  return b.at.getTime() - a.at.getTime() || (a.key < b.key ? 1 : a.key > b.key ? -1 : 0);
}
