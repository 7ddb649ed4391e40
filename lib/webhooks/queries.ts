import "server-only";
import { z } from "zod";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";

const STATUSES = [
  "RECEIVED",
  "PROCESSING",
  "PROCESSED",
  "FAILED",
  "DEAD_LETTERED",
  "REJECTED",
] as const;

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((value) => !value.includes("\u0000"), "must not contain NUL characters");

export const deliveryListSchema = z.object({
  provider: text(40).optional(),
  status: z.enum(STATUSES).optional(),
  eventType: text(200).optional(),
  eventId: text(255).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** The id of the last row of the previous page. */
  after: z.uuid().optional(),
});

const listColumns = {
  id: true,
  provider: true,
  eventId: true,
  eventType: true,
  status: true,
  rejectReason: true,
  sourceIp: true,
  attempts: true,
  lastError: true,
  occurredAt: true,
  receivedAt: true,
  processedAt: true,
} as const;

/** Webhook deliveries, newest first, a page at a time (keyset on receivedAt and id). */
export async function listDeliveries(options: { actor: Actor; input: unknown }) {
  await authorize(options.actor, "console:read", { resource: "webhook-deliveries" });
  const filter = parseInput(deliveryListSchema, options.input);
  const db = getDb();
  const after = filter.after
    ? await db.webhookDelivery.findUnique({
        where: { id: filter.after },
        select: { id: true, receivedAt: true },
      })
    : null;
  const rows = await db.webhookDelivery.findMany({
    where: {
      provider: filter.provider,
      status: filter.status,
      eventType: filter.eventType,
      eventId: filter.eventId,
      ...(after
        ? {
            OR: [
              { receivedAt: { lt: after.receivedAt } },
              { receivedAt: after.receivedAt, id: { lt: after.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: filter.limit + 1,
    select: listColumns,
  });
  const page = rows.slice(0, filter.limit);
  return { deliveries: page, next: rows.length > filter.limit ? (page.at(-1)?.id ?? null) : null };
}

/** One delivery with its stored body. */
export async function getDelivery(options: { actor: Actor; id: string }) {
  await authorize(options.actor, "console:read", { resource: `webhook-delivery:${options.id}` });
  const id = z.uuid().safeParse(options.id);
  const delivery = id.success
    ? await getDb().webhookDelivery.findUnique({ where: { id: id.data } })
    : null;
  if (!delivery) throw new AppError("NOT_FOUND", "There is no such webhook delivery.");
  return delivery;
}
