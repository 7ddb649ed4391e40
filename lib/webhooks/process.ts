import "server-only";
import { z } from "zod";
import { getDb, type Db } from "@/lib/db/client";
import { sanitizeText } from "@/lib/integrations/core/sanitize";
import { isInvalidEventPayload, type ResolvedProvider } from "@/lib/integrations/providers/types";
import { findProvider } from "@/lib/integrations/runtime";
import { defineJob, PermanentJobError, type JobAttempt } from "@/lib/jobs/job";

export type ProcessResult = "applied" | "no-handler" | "already-processed";

interface ClaimedDelivery {
  id: string;
  provider: string;
  eventId: string;
  eventType: string;
  body: string;
  receivedAt: Date;
  occurredAt: Date | null;
}

/**
 * Applies one stored delivery's effect, exactly once. In one transaction it marks the delivery
 * PROCESSED — only if it is not already — and runs the event type's handler; a handler that throws
 * rolls both back. A second run (a retry after a crash, a replay, two workers racing) finds the
 * delivery processed and does nothing. Types without a handler are marked processed, no effect.
 */
export async function processDelivery(options: {
  deliveryId: string;
  lookup: ProviderLookup;
  db?: Db;
}): Promise<ProcessResult> {
  const db = options.db ?? getDb();
  const { lookup } = options;
  return db.$transaction(async (tx) => {
    // The row lock this takes also makes a concurrent run of the same delivery wait, then skip.
    const [claimed] = await tx.$queryRaw<ClaimedDelivery[]>`
      UPDATE "WebhookDelivery"
      SET "status" = 'PROCESSED', "processedAt" = now(), "attempts" = "attempts" + 1,
          "lastError" = NULL, "updatedAt" = now()
      WHERE "id" = ${options.deliveryId}::uuid AND "status" NOT IN ('PROCESSED', 'REJECTED')
      RETURNING "id", "provider", "eventId", "eventType", "body", "receivedAt", "occurredAt"`;
    if (!claimed) return "already-processed";
    const provider = lookup(claimed.provider);
    if (!provider?.webhooks) {
      throw new PermanentJobError(
        `provider "${claimed.provider}" is no longer configured for webhooks`,
      );
    }
    const handler = provider.webhooks.handlers[claimed.eventType];
    if (!handler) return "no-handler";
    let event: unknown;
    try {
      event = JSON.parse(claimed.body);
    } catch {
      throw new PermanentJobError("the stored event is not JSON");
    }
    try {
      await handler.apply(event, {
        tx,
        provider: provider.name,
        delivery: {
          id: claimed.id,
          eventId: claimed.eventId,
          receivedAt: claimed.receivedAt,
          occurredAt: claimed.occurredAt,
        },
      });
    } catch (error) {
      if (isInvalidEventPayload(error))
        throw new PermanentJobError(error.message, { cause: error });
      throw error;
    }
    return "applied";
  });
}

/** Notes a failed run on the delivery: FAILED while retries remain, DEAD_LETTERED after the last. */
export async function recordFailure(options: {
  deliveryId: string;
  error: unknown;
  deadLettered: boolean;
  db?: Db;
}): Promise<void> {
  const db = options.db ?? getDb();
  const message = options.error instanceof Error ? options.error.message : String(options.error);
  await db.webhookDelivery.updateMany({
    where: { id: options.deliveryId, status: { notIn: ["PROCESSED", "REJECTED"] } },
    data: {
      status: options.deadLettered ? "DEAD_LETTERED" : "FAILED",
      attempts: { increment: 1 },
      lastError: sanitizeText(message, 1000),
    },
  });
}

/** Shows the delivery as in flight; one whose worker died stays so until its job runs again. */
async function markProcessing(deliveryId: string, db: Db = getDb()) {
  await db.webhookDelivery.updateMany({
    where: { id: deliveryId, status: { in: ["RECEIVED", "FAILED", "DEAD_LETTERED"] } },
    data: { status: "PROCESSING" },
  });
}

export type ProviderLookup = (provider: string) => ResolvedProvider | undefined;

/**
 * The job that processes one stored webhook delivery, with the providers it knows. The app's
 * runner uses the configured providers (processDeliveryJob); a test may give its own.
 */
export function createDeliveryJob(options: { lookup: ProviderLookup }) {
  return defineJob({
    queue: "webhook-delivery",
    data: z.object({ deliveryId: z.uuid() }),
    batchSize: 10,
    options: {
      // About 1, 2, 4 … 60 s apart (pg-boss adds jitter), then the dead-letter queue, where a
      // replay from the console picks it up again.
      retryLimit: 8,
      retryDelay: 1,
      retryBackoff: true,
      retryDelayMax: 60,
      // A worker that dies mid-job loses its claim after this long, and the job runs again.
      expireInSeconds: 30,
      deadLetter: "webhook-delivery-dead",
    },
    async handle(data, attempt: JobAttempt) {
      await markProcessing(data.deliveryId);
      try {
        await processDelivery({ deliveryId: data.deliveryId, lookup: options.lookup });
      } catch (error) {
        const permanent = error instanceof PermanentJobError;
        await recordFailure({
          deliveryId: data.deliveryId,
          error,
          deadLettered: permanent || attempt.finalAttempt,
        });
        throw error;
      }
    },
  });
}

export const processDeliveryJob = createDeliveryJob({ lookup: findProvider });
