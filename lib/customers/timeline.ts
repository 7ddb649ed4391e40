import "server-only";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { parseInput } from "@/lib/validation";
import { loadCustomerScope } from "./scope";
import { TIMELINE_SOURCES, type Entry } from "./timeline-sources";
import {
  decodeTimelineCursor,
  encodeTimelineCursor,
  newestFirst,
  timelineQuerySchema,
} from "./timeline-query";
import type { TimelineItem, TimelinePage } from "./views";

export const TIMELINE_PAGE_SIZE = 50;
/** Records behind one item that are listed; a payment retried many times shows its latest. */
const BEHIND_LIMIT = 8;

type Behind = TimelineItem["behind"];

/** The webhook deliveries and API calls behind the page's items, in three queries for the page. */
async function recordsBehind(entries: readonly Entry[]): Promise<Map<string, Behind>> {
  const db = getDb();
  const chargeIds = [
    ...new Set(entries.flatMap((entry) => (entry.chargeId ? [entry.chargeId] : []))),
  ];
  const requestIds = entries.flatMap((entry) => (entry.requestId ? [entry.requestId] : []));
  // A payment's calls carry "charge:<id>" as their correlation id, an email's its send request.
  const correlationIds = [...chargeIds.map((id) => `charge:${id}`), ...requestIds];
  const [paymentEvents, calls] = await Promise.all([
    chargeIds.length
      ? db.paymentEvent.findMany({
          where: { chargeId: { in: chargeIds } },
          orderBy: { occurredAt: "desc" },
          select: { objectId: true, deliveryId: true, eventType: true },
        })
      : [],
    correlationIds.length
      ? db.apiCall.findMany({
          where: { correlationId: { in: correlationIds } },
          orderBy: { createdAt: "desc" },
          take: 1_000,
          select: {
            id: true,
            correlationId: true,
            idempotencyKey: true,
            method: true,
            path: true,
            status: true,
            outcome: true,
          },
        })
      : [],
  ]);
  const deliveryIds = [
    ...paymentEvents.map((event) => event.deliveryId),
    ...entries.flatMap((entry) => (entry.deliveryId ? [entry.deliveryId] : [])),
  ];
  const deliveries = deliveryIds.length
    ? await db.webhookDelivery.findMany({
        where: { id: { in: deliveryIds } },
        select: { id: true, provider: true, eventType: true, status: true },
      })
    : [];
  const deliveryById = new Map(deliveries.map((delivery) => [delivery.id, delivery]));
  const webhook = (id: string) => {
    const delivery = deliveryById.get(id);
    return delivery
      ? {
          id,
          label: `${delivery.provider} ${delivery.eventType ?? "event"}`,
          status: delivery.status,
        }
      : [];
  };
  const call = (row: (typeof calls)[number]) => ({
    id: row.id,
    label: `${row.method} ${row.path}${row.status ? ` → ${row.status}` : ""}`,
    outcome: row.outcome,
  });

  const behind = new Map<string, Behind>();
  for (const entry of entries) {
    const objects = new Set(entry.providerObjectIds ?? []);
    const webhooks = entry.deliveryId
      ? [webhook(entry.deliveryId)].flat()
      : paymentEvents
          .filter((event) => objects.has(event.objectId))
          .flatMap((event) => webhook(event.deliveryId));
    const ofEntry =
      entry.item.kind === "refund"
        ? calls.filter((row) => entry.idempotencyKey && row.idempotencyKey === entry.idempotencyKey)
        : entry.item.kind === "payment"
          ? // The payment's own reads and writes: not the refunds' submissions, which their items show.
            calls.filter(
              (row) =>
                row.correlationId === `charge:${entry.chargeId}` && !row.path.includes("/refunds"),
            )
          : entry.requestId
            ? calls.filter((row) => row.correlationId === entry.requestId)
            : [];
    behind.set(entry.key, {
      webhooks: webhooks.slice(0, BEHIND_LIMIT),
      apiCalls: ofEntry.slice(0, BEHIND_LIMIT).map(call),
    });
  }
  return behind;
}

/**
 * A customer's timeline, newest first: each kind is read from its own index up to one page past
 * the cursor, the reads are merged, and the page is cut. A page costs one bounded query per kind
 * whatever the customer's history, and the next page starts strictly after the last item.
 */
export async function getCustomerTimeline(options: {
  actor: Actor;
  customerId: string;
  input: unknown;
}): Promise<TimelinePage> {
  await authorize(options.actor, "console:read", { resource: `customer:${options.customerId}` });
  const query = parseInput(timelineQuerySchema, options.input);
  const cursor = decodeTimelineCursor(query.after);
  const scope = await loadCustomerScope(options.customerId);
  const window = {
    until: cursor?.at ?? null,
    before: query.to,
    from: query.from,
    // Items at the cursor's own instant come back again and are dropped below; a little slack.
    limit: TIMELINE_PAGE_SIZE + 10,
  };
  const reads = await Promise.all(
    [...query.kinds].map((kind) => TIMELINE_SOURCES[kind](scope, window)),
  );
  const merged = reads
    .flat()
    .filter((entry) => !cursor || newestFirst(cursor, entry) < 0)
    .sort(newestFirst);
  const page = merged.slice(0, TIMELINE_PAGE_SIZE);
  const behind = await recordsBehind(page);
  const last = page.at(-1);
  return {
    items: page.map((entry) => ({
      ...entry.item,
      key: entry.key,
      at: entry.at.toISOString(),
      behind: behind.get(entry.key) ?? { webhooks: [], apiCalls: [] },
    })),
    next:
      (merged.length > TIMELINE_PAGE_SIZE || reads.some((read) => read.length === window.limit)) &&
      last
        ? encodeTimelineCursor({ at: last.at, key: last.key })
        : null,
  };
}
