import { randomUUID } from "node:crypto";
import { getDb } from "@/lib/db/client";
import { randomEvent, type ObjectEvent } from "./inbox-harness";

export type SeedStatus = "RECEIVED" | "PROCESSED" | "FAILED" | "DEAD_LETTERED" | "REJECTED";

/** The body a generic provider's `object.*` event is stored with, as the inbox stores it. */
export function objectEventBody(event: ObjectEvent, at = new Date()): string {
  return JSON.stringify({
    type: event.type ?? (event.version === 1 ? "object.created" : "object.updated"),
    timestamp: at.toISOString(),
    data: {
      object: {
        id: event.objectId,
        type: "thing",
        version: event.version,
        attributes: event.attributes ?? { n: event.version },
        deleted: event.type === "object.deleted",
        updatedAt: at.toISOString(),
      },
    },
  });
}

export interface SeedDelivery {
  status?: SeedStatus;
  eventType?: string;
  receivedAt?: Date;
  event?: ObjectEvent;
  body?: string;
  rejectReason?: string;
  lastError?: string;
}

/** Inserts deliveries straight into the inbox (no jobs), one statement for all of them. */
export async function seedDeliveries(provider: string, deliveries: SeedDelivery[]) {
  const rows = deliveries.map((delivery) => {
    const event = delivery.event ?? randomEvent();
    const status = delivery.status ?? "DEAD_LETTERED";
    return {
      id: randomUUID(),
      event_id: status === "REJECTED" ? null : event.id,
      event_type:
        status === "REJECTED"
          ? null
          : (delivery.eventType ?? (event.version === 1 ? "object.created" : "object.updated")),
      status,
      body: delivery.body ?? objectEventBody(event),
      received_ms: (delivery.receivedAt ?? new Date()).getTime(),
      reject_reason: delivery.rejectReason ?? null,
      last_error:
        delivery.lastError ?? (status === "DEAD_LETTERED" ? "data: not yet understood" : null),
      attempts: status === "RECEIVED" ? 0 : status === "DEAD_LETTERED" ? 9 : 1,
      objectId: event.objectId,
    };
  });
  await getDb().$executeRaw`
    INSERT INTO "WebhookDelivery" ("id", "provider", "eventId", "eventType", "status", "body",
      "receivedAt", "rejectReason", "lastError", "attempts", "processedAt", "updatedAt")
    SELECT r.id::uuid, ${provider}, r.event_id, r.event_type, r.status::"WebhookDeliveryStatus", r.body,
           timestamp '1970-01-01' + r.received_ms * interval '1 millisecond', r.reject_reason,
           r.last_error, r.attempts, CASE WHEN r.status = 'PROCESSED' THEN now() END, now()
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(id text, event_id text,
      event_type text, status text, body text, received_ms float8, reject_reason text,
      last_error text, attempts int)`;
  return rows.map((row) => ({ id: row.id, eventId: row.event_id, objectId: row.objectId }));
}
