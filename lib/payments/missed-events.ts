import "server-only";
import { PAYMENT_TX } from "./transaction-options";
import { fromPrisma } from "pg-boss";
import { recordAudit } from "@/lib/audit/audit";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { listEvents } from "@/lib/integrations/providers/stripe/api/payments";
import { STRIPE } from "@/lib/integrations/providers/stripe/name";
import { eventSchema } from "@/lib/integrations/providers/stripe/objects";
import { enqueue, getJobQueue } from "@/lib/jobs/queue";
import { processDeliveryJob } from "@/lib/webhooks/process";

/** How far back one run looks: enough for an outage of a day at demo volumes. */
const MAX_EVENTS = 5_000;

type StripeEvent = ReturnType<typeof eventSchema.parse>;

/**
 * Walks Stripe's events list newest first, a page of 100 at a time, yielding each page's events
 * the inbox does not have, down to the first page it has entirely (everything older was received
 * too) or MAX_EVENTS. Both the preview and the recovery below read it.
 */
async function* missingPages(actor: Actor) {
  const db = getDb();
  let startingAfter: string | undefined;
  let examined = 0;
  for (;;) {
    const page = await listEvents({ limit: 100, startingAfter }, { actor });
    const events = page.data.flatMap((item) => {
      const parsed = eventSchema.safeParse(item);
      return parsed.success ? [{ event: parsed.data, body: JSON.stringify(item) }] : [];
    });
    examined += page.data.length;
    const ids = events.map((entry) => entry.event.id);
    const known = new Set(
      (
        await db.webhookDelivery.findMany({
          where: { provider: STRIPE, eventId: { in: ids } },
          select: { eventId: true },
        })
      ).map((row) => row.eventId),
    );
    const missing: { event: StripeEvent; body: string }[] = events.filter(
      (entry) => !known.has(entry.event.id),
    );
    yield { examined, missing };
    const last = page.data.at(-1);
    if (missing.length === 0 || !page.has_more || examined >= MAX_EVENTS || !last) return;
    const lastId = eventSchema.safeParse(last);
    if (!lastId.success) return;
    startingAfter = lastId.data.id;
  }
}

/** Most missed events the preview lists; the recovery stores them all. */
const PREVIEW_EVENTS = 500;

/**
 * The events Stripe sent that the inbox never received, without storing anything: what the
 * deliveries page shows before an admin ingests them.
 */
export async function findMissedEvents(options: { actor: Actor }) {
  await authorize(options.actor, "webhooks:replay", { resource: "payments:missed-events" });
  let examined = 0;
  const missing: { eventId: string; type: string; createdAt: string }[] = [];
  let more = false;
  for await (const page of missingPages(options.actor)) {
    examined = page.examined;
    for (const entry of page.missing) {
      if (missing.length >= PREVIEW_EVENTS) {
        more = true;
        break;
      }
      missing.push({
        eventId: entry.event.id,
        type: entry.event.type,
        createdAt: new Date(entry.event.created * 1000).toISOString(),
      });
    }
    if (more) break;
  }
  return { examined, missing, more };
}

/**
 * Events the provider sent that never reached the inbox (the console was down, a delivery was
 * lost): listed newest first from the provider's API, down to the first one the inbox already has,
 * and stored and enqueued exactly as a webhook would be. Fetched over the authenticated API, they
 * need no signature; the inbox's unique event id keeps a later delivery of the same event a no-op.
 */
export async function recoverMissedEvents(options: { actor: Actor; ip?: string | null }) {
  await authorize(options.actor, "webhooks:replay", { resource: "payments:missed-events" });
  const db = getDb();
  let examined = 0;
  let stored = 0;
  for await (const page of missingPages(options.actor)) {
    examined = page.examined;
    const missing = page.missing;
    if (missing.length > 0) {
      // Started outside the transaction: on the embedded database its one connection is the transaction's.
      await getJobQueue();
      stored += await db.$transaction(async (tx) => {
        const rows = await tx.$queryRaw<{ id: string }[]>`
          INSERT INTO "WebhookDelivery" ("id", "provider", "eventId", "eventType", "status", "body", "occurredAt", "updatedAt")
          SELECT gen_random_uuid(), ${STRIPE}, r.event_id, r.event_type, 'RECEIVED', r.body,
                 to_timestamp(r.created), now()
          FROM jsonb_to_recordset(${JSON.stringify(
            missing.map((entry) => ({
              event_id: entry.event.id,
              event_type: entry.event.type,
              body: entry.body,
              created: entry.event.created,
            })),
          )}::jsonb) AS r(event_id text, event_type text, body text, created float8)
          ON CONFLICT ("provider", "eventId") DO NOTHING
          RETURNING "id"`;
        await enqueue(
          processDeliveryJob,
          rows.map((row) => ({ id: row.id, data: { deliveryId: row.id } })),
          { db: fromPrisma(tx) },
        );
        return rows.length;
      }, PAYMENT_TX);
    }
  }
  await recordAudit({
    action: "payment.events_recovered",
    outcome: "SUCCESS",
    actor: options.actor,
    ip: options.ip,
    details: { examined, stored },
  });
  return { examined, stored };
}
