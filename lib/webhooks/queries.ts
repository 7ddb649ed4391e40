import "server-only";
import { z } from "zod";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { getProviders } from "@/lib/integrations/runtime";
import { parseInput } from "@/lib/validation";
import {
  decodeCursor,
  deliveryConditions,
  deliveryFilterSchema,
  encodeCursor,
  readDeliveryFilter,
  whereClause,
  type DeliveryStatus,
} from "./filters";
import { redactedPayload, type PayloadView } from "./payload";
import { rejectionHint, type RejectionHint } from "./rejection-hints";

export const deliveryListSchema = z.object({
  limit: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.coerce.number().int().min(1).max(100).default(50),
  ),
  /** The opaque cursor of the last row of the previous page. */
  after: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.string().max(200).optional(),
  ),
});

export interface DeliveryRow {
  id: string;
  provider: string;
  eventId: string | null;
  eventType: string | null;
  status: DeliveryStatus;
  rejectReason: string | null;
  sourceIp: string | null;
  attempts: number;
  lastError: string | null;
  occurredAt: Date | null;
  receivedAt: Date;
  processedAt: Date | null;
  repeats: number;
}

/**
 * Webhook deliveries, newest first, a page at a time. Keyset on (receivedAt, id) with a row
 * comparison, which the (…, receivedAt DESC, id DESC) indexes answer as a range however deep the
 * page (bench/webhook-deliveries-page.ts); Prisma's OR form of the same condition is not a range.
 */
export async function listDeliveries(options: { actor: Actor; input: unknown }) {
  await authorize(options.actor, "console:read", { resource: "webhook-deliveries" });
  const raw = z.record(z.string(), z.unknown()).safeParse(options.input ?? {});
  const input = raw.success ? raw.data : {};
  const parsed = readDeliveryFilter(input);
  const filter = parsed.success ? parsed.data : parseInput(deliveryFilterSchema, input);
  const page = parseInput(deliveryListSchema, input);
  const after = decodeCursor(page.after);
  const conditions = deliveryConditions(filter);
  if (after)
    conditions.push(Prisma.sql`("receivedAt", "id") < (${after.receivedAt}, ${after.id}::uuid)`);
  const rows = await getDb().$queryRaw<DeliveryRow[]>`
    SELECT "id", "provider", "eventId", "eventType", "status"::text AS "status", "rejectReason",
           "sourceIp", "attempts", "lastError", "occurredAt", "receivedAt", "processedAt", "repeats"
    FROM "WebhookDelivery"
    ${whereClause(conditions)}
    ORDER BY "receivedAt" DESC, "id" DESC
    LIMIT ${page.limit + 1}`;
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1);
  return {
    deliveries: shown,
    next: rows.length > page.limit && last ? encodeCursor(last) : null,
  };
}

export interface DeliveryDetail extends DeliveryRow {
  payload: PayloadView;
  /** For a rejected delivery: what its reason most likely means, and what to change. */
  hint: RejectionHint | null;
  updatedAt: Date;
  lastRepeatAt: Date | null;
}

/** One delivery with its stored body, secrets redacted and size bounded for the browser. */
export async function getDelivery(options: { actor: Actor; id: string }): Promise<DeliveryDetail> {
  await authorize(options.actor, "console:read", { resource: `webhook-delivery:${options.id}` });
  const id = z.uuid().safeParse(options.id);
  const delivery = id.success
    ? await getDb().webhookDelivery.findUnique({ where: { id: id.data } })
    : null;
  if (!delivery) throw new AppError("NOT_FOUND", "There is no such webhook delivery.");
  const { body, ...rest } = delivery;
  return {
    ...rest,
    payload: redactedPayload(body),
    hint: delivery.status === "REJECTED" ? rejectionHint(delivery.rejectReason) : null,
  };
}

/** The providers configured in this process (registry and INTEGRATIONS_CONFIG), for the filter. */
export async function deliveryProviders(options: { actor: Actor }) {
  await authorize(options.actor, "console:read", { resource: "webhook-deliveries" });
  return getProviders()
    .filter((provider) => provider.webhooks)
    .map((provider) => ({ name: provider.name, displayName: provider.displayName }));
}
