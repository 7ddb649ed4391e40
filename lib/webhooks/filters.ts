import { z } from "zod";
import { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";

export const DELIVERY_STATUSES = [
  "RECEIVED",
  "PROCESSING",
  "PROCESSED",
  "FAILED",
  "DEAD_LETTERED",
  "REJECTED",
] as const;

export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A form left blank sends "": that is no filter, not a filter for "". */
const blankIsUnset = (value: unknown) => (value === "" ? undefined : value);

const text = (max: number) =>
  z.preprocess(
    blankIsUnset,
    z
      .string()
      .trim()
      .min(1)
      .max(max)
      .refine((value) => !value.includes("\u0000"), "must not contain NUL characters")
      .optional(),
  );

/**
 * A point in time from the URL: a day (YYYY-MM-DD), a minute from a datetime-local input
 * (YYYY-MM-DDTHH:mm), or a full ISO timestamp. Days and minutes are read as UTC.
 */
const instant = z.preprocess(
  blankIsUnset,
  z
    .union([
      z.iso.date().transform((day) => new Date(`${day}T00:00:00.000Z`)),
      // Before the local form, which also accepts a trailing Z and would append a second one.
      z.iso.datetime({ offset: true }).transform((iso) => new Date(iso)),
      z.iso.datetime({ local: true }).transform((local) => new Date(`${local}Z`)),
    ])
    .refine((date) => !Number.isNaN(date.getTime()), "Not a date.")
    .optional(),
);

/** The filters every deliveries view shares: the list, the bulk replay and the URL. */
export const deliveryFilterSchema = z
  .object({
    provider: text(40),
    eventType: text(200),
    status: z.preprocess(
      blankIsUnset,
      z.enum(DELIVERY_STATUSES, { error: "Unknown delivery status." }).optional(),
    ),
    eventId: text(255),
    /** Received at or after. */
    from: instant,
    /** Received before (a day means: up to the end of that day). */
    to: instant,
  })
  .refine((filter) => !filter.from || !filter.to || filter.from <= filter.to, {
    message: "The start must not be after the end.",
    path: ["from"],
  });

export type DeliveryFilter = z.infer<typeof deliveryFilterSchema>;

/** `to` given as a bare day covers that whole day. */
function endOf(raw: unknown, parsed: Date): Date {
  return typeof raw === "string" && /^\d{4}-\d{2}-\d{2}$/.test(raw.trim())
    ? new Date(parsed.getTime() + 86_400_000)
    : parsed;
}

/** Parses the filter, widening a day-only `to` to the end of that day. */
export function readDeliveryFilter(
  input: Record<string, unknown>,
): z.ZodSafeParseResult<DeliveryFilter> {
  const parsed = deliveryFilterSchema.safeParse(input);
  if (parsed.success && parsed.data.to) parsed.data.to = endOf(input.to, parsed.data.to);
  return parsed;
}

/** The filter as SQL conditions on "WebhookDelivery" (no leading WHERE). */
export function deliveryConditions(filter: DeliveryFilter): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (filter.provider) conditions.push(Prisma.sql`"provider" = ${filter.provider}`);
  if (filter.eventType) conditions.push(Prisma.sql`"eventType" = ${filter.eventType}`);
  if (filter.status)
    conditions.push(Prisma.sql`"status" = ${filter.status}::"WebhookDeliveryStatus"`);
  if (filter.eventId) conditions.push(Prisma.sql`"eventId" = ${filter.eventId}`);
  if (filter.from) conditions.push(Prisma.sql`"receivedAt" >= ${filter.from}`);
  if (filter.to) conditions.push(Prisma.sql`"receivedAt" < ${filter.to}`);
  return conditions;
}

export function whereClause(conditions: Prisma.Sql[]): Prisma.Sql {
  return conditions.length > 0
    ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}`
    : Prisma.empty;
}

/** The raw filter values as query-string pairs, for links that keep them (pagination, replay). */
export function filterParams(values: Record<string, string | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ["provider", "eventType", "status", "eventId", "from", "to"]) {
    const value = values[key];
    if (typeof value === "string" && value.trim() !== "") params.set(key, value.trim());
  }
  return params;
}

/** Keyset pagination: the last row's (receivedAt, id), newest first, opaque in the URL. */
const cursorSchema = z.object({ t: z.iso.datetime(), id: z.uuid() });

export interface DeliveryCursor {
  receivedAt: Date;
  id: string;
}

export function encodeCursor(cursor: DeliveryCursor): string {
  return Buffer.from(
    JSON.stringify({ t: cursor.receivedAt.toISOString(), id: cursor.id }),
  ).toString("base64url");
}

export function decodeCursor(value: string | undefined): DeliveryCursor | null {
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
  return { receivedAt: new Date(parsed.data.t), id: parsed.data.id };
}
