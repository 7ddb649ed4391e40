import "server-only";
import type pg from "pg";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { getPool } from "@/lib/db/pool";
import { getEnv } from "@/lib/env";
import { poolDatabase, preparedName } from "@/lib/jobs/boss";
import { enqueue, getJobQueue } from "@/lib/jobs/queue";
import { logger } from "@/lib/logger";
import {
  isWebhookRejection,
  WebhookRejection,
  type ResolvedProvider,
  type VerifiedEvent,
} from "@/lib/integrations/providers/types";
import { processDeliveryJob } from "./process";

/** What a rejected delivery keeps of its body: enough to see what was sent, not a storage sink. */
const REJECTED_BODY_BYTES = 2048;

export interface ReceivedDelivery {
  /** Events stored now, each with its job enqueued. */
  accepted: number;
  /** Events this inbox already had (a provider's redelivery): acknowledged, nothing stored. */
  duplicates: number;
}

/** PostgreSQL text cannot hold NUL; a stored copy of an untrusted body shows it as U+FFFD instead. */
function storableText(bytes: Buffer): string {
  return bytes.toString("utf8").replaceAll("\u0000", "\uFFFD");
}

/** Checks the fields a verified event must have before it can be stored. */
function unstorable(event: VerifiedEvent): string | null {
  if (event.eventId.length === 0 || event.eventId.length > 255)
    return "event id missing or longer than 255 characters";
  if (event.type.length === 0 || event.type.length > 200)
    return "event type missing or longer than 200 characters";
  if (/\u0000/.test(event.eventId + event.type + event.body))
    return "event contains a NUL character";
  return null;
}

/**
 * Rejected rows kept per provider and hour before further rejections are folded. Below it every
 * rejection is its own row; above it (a flood of forged or misconfigured deliveries) a rejection
 * only counts on the latest row with the same reason (or the latest row, when the reason is new:
 * reasons carry numbers, so they are not a bounded set), and the table grows by at most this many
 * bodies of REJECTED_BODY_BYTES per provider and hour. Unknown providers never get here (404).
 */
export const REJECTED_ROWS_PER_HOUR = 1000;

async function recordRejection(options: {
  provider: string;
  rawBody: Buffer;
  reason: string;
  sourceIp: string | null;
}) {
  const folded = await getDb().$queryRaw<{ id: string }[]>`
    UPDATE "WebhookDelivery" SET "repeats" = "repeats" + 1, "lastRepeatAt" = now(), "updatedAt" = now()
    WHERE "id" = (
      SELECT "id" FROM "WebhookDelivery"
      WHERE "provider" = ${options.provider} AND "status" = 'REJECTED'
        AND "receivedAt" > now() - interval '1 hour'
        AND (SELECT count(*) FROM (
              SELECT 1 FROM "WebhookDelivery"
              WHERE "provider" = ${options.provider} AND "status" = 'REJECTED'
                AND "receivedAt" > now() - interval '1 hour'
              LIMIT ${REJECTED_ROWS_PER_HOUR}) AS recent) >= ${REJECTED_ROWS_PER_HOUR}
      ORDER BY ("rejectReason" = ${options.reason}) DESC, "receivedAt" DESC LIMIT 1)
    RETURNING "id"`;
  if (folded.length === 0) {
    await getDb().webhookDelivery.create({
      data: {
        provider: options.provider,
        status: "REJECTED",
        body: storableText(options.rawBody.subarray(0, REJECTED_BODY_BYTES)),
        rejectReason: options.reason,
        sourceIp: options.sourceIp,
      },
    });
  }
  logger.warn(
    {
      provider: options.provider,
      reason: options.reason,
      sourceIp: options.sourceIp,
      folded: folded.length > 0,
    },
    "webhook rejected",
  );
}

/** Where the inbox's transaction gets its connection: the shared pool, unless a test injects faults. */
export interface ConnectionSource {
  connect(): Promise<pg.PoolClient>;
}

// One statement for the whole delivery; ON CONFLICT makes a redelivery (or a race between two
// deliveries of one event) a no-op that returns nothing.
const INSERT_DELIVERIES = `
  INSERT INTO "WebhookDelivery" ("id", "provider", "eventId", "eventType", "status", "body", "occurredAt", "updatedAt")
  SELECT gen_random_uuid(), $1, r.event_id, r.event_type, 'RECEIVED', r.body,
         CASE WHEN r.occurred_ms IS NULL THEN NULL
              ELSE timestamp '1970-01-01' + r.occurred_ms * interval '1 millisecond' END,
         now()
  FROM jsonb_to_recordset($2::jsonb) AS r(event_id text, event_type text, body text, occurred_ms float8)
  ON CONFLICT ("provider", "eventId") DO NOTHING
  RETURNING "id"`;

/**
 * Stores the events and enqueues a job for each new one, in one transaction. On the shared pg
 * pool rather than through Prisma: this is the one write on the path of every webhook, and
 * Prisma's interactive transaction cost more than half a millisecond of CPU per delivery
 * (bench/webhook-ingest.ts), several times the statements themselves.
 */
async function storeAndEnqueue(
  connections: ConnectionSource,
  provider: string,
  events: VerifiedEvent[],
): Promise<number> {
  const rows = events.map((event) => ({
    event_id: event.eventId,
    event_type: event.type,
    body: event.body,
    occurred_ms: event.occurredAt?.getTime() ?? null,
  }));
  // Started before the transaction: starting it queries the pool, whose only connection the
  // transaction holds on the embedded database.
  await getJobQueue();
  const prepared = !getEnv().EMBEDDED_DATABASE;
  const client = await connections.connect();
  let broken = false;
  try {
    await client.query("BEGIN");
    const stored = await client.query<{ id: string }>({
      name: prepared ? preparedName(INSERT_DELIVERIES) : undefined,
      text: INSERT_DELIVERIES,
      values: [provider, JSON.stringify(rows)],
    });
    await enqueue(
      processDeliveryJob,
      stored.rows.map((row) => ({ id: row.id, data: { deliveryId: row.id } })),
      { db: poolDatabase(client, { prepared }) },
    );
    await client.query("COMMIT");
    return stored.rows.length;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    // A connection that cannot even roll back is dropped rather than handed to the next caller.
    client.release(broken);
  }
}

/**
 * The inbox's front door: verify the delivery with the provider's module, then in one transaction
 * store each new event and enqueue its processing job. A redelivered event is a no-op. Nothing
 * here calls a provider or applies an effect; the caller answers 2xx once this returns.
 * A delivery that fails verification is stored as REJECTED with its reason, and throws a 400.
 */
export async function receiveWebhook(options: {
  provider: ResolvedProvider;
  rawBody: Buffer;
  headers: Headers;
  sourceIp: string | null;
  receivedAt?: Date;
  connections?: ConnectionSource;
}): Promise<ReceivedDelivery> {
  const { provider, rawBody } = options;
  const webhooks = provider.webhooks;
  if (!webhooks)
    throw new AppError("NOT_FOUND", `${provider.displayName} has no webhook endpoint.`);
  let events: VerifiedEvent[];
  try {
    events = webhooks.verify({
      rawBody,
      headers: options.headers,
      receivedAt: options.receivedAt ?? new Date(),
    });
    const problem = events.map(unstorable).find((reason) => reason !== null);
    if (problem) throw new WebhookRejection(problem);
  } catch (error) {
    if (!isWebhookRejection(error)) throw error;
    await recordRejection({
      provider: provider.name,
      rawBody,
      reason: error.reason,
      sourceIp: options.sourceIp,
    });
    throw new AppError("BAD_REQUEST", `Webhook rejected: ${error.reason}.`);
  }
  if (events.length === 0) return { accepted: 0, duplicates: 0 };
  const inserted = await storeAndEnqueue(options.connections ?? getPool(), provider.name, events);
  return { accepted: inserted, duplicates: events.length - inserted };
}
