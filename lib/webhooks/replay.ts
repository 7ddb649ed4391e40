import "server-only";
import { randomUUID } from "node:crypto";
import { fromPrisma } from "pg-boss";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/audit";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { getDb, type Prisma } from "@/lib/db/client";
import { enqueue, getJobQueue } from "@/lib/jobs/queue";
import { parseInput } from "@/lib/validation";
import { processDeliveryJob } from "./process";

/** Most deliveries one replay takes; a larger backlog is replayed in several steps. */
export const REPLAY_LIMIT = 1000;

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => !value.includes("\u0000"), "must not contain NUL characters");

export const replaySchema = z
  .object({
    ids: z.array(z.uuid("Each id must be a delivery id.")).min(1).max(REPLAY_LIMIT).optional(),
    filter: z
      .strictObject({
        provider: text(40).optional(),
        status: z.enum(["RECEIVED", "PROCESSING", "FAILED", "DEAD_LETTERED"]).optional(),
        eventType: text(200).optional(),
        receivedFrom: z.coerce.date().optional(),
        receivedTo: z.coerce.date().optional(),
      })
      .optional(),
  })
  .refine((input) => Boolean(input.ids) !== Boolean(input.filter), {
    message: "Give either ids or a filter.",
    path: ["ids"],
  });

export interface ReplayResult {
  /** Deliveries that matched. */
  matched: number;
  /** Put back on the queue to be processed. */
  requeued: number;
  /** Already processed: not requeued, because their effect happened once already. */
  alreadyProcessed: number;
  /** Rejected deliveries never passed verification and are never processed. */
  rejected: number;
  /** More matched than one replay takes; run it again for the rest. */
  truncated: boolean;
}

/**
 * Puts deliveries back on the queue: the ones given, or those matching a filter (by default
 * the failed and dead-lettered ones). Processed deliveries are left alone — their effect happened
 * once and will not happen again — and so are rejected ones. The status change, the jobs and the
 * audit row commit together.
 */
export async function replayDeliveries(options: {
  actor: Actor;
  input: unknown;
  ip?: string | null;
}): Promise<ReplayResult> {
  await authorize(options.actor, "webhooks:replay", { resource: "webhook-deliveries" });
  const input = parseInput(replaySchema, options.input);
  const filter = input.filter;
  const where: Prisma.WebhookDeliveryWhereInput = input.ids
    ? { id: { in: input.ids } }
    : {
        provider: filter?.provider,
        eventType: filter?.eventType,
        status: filter?.status ?? { in: ["FAILED", "DEAD_LETTERED"] },
        receivedAt: { gte: filter?.receivedFrom, lte: filter?.receivedTo },
      };
  // Started before the transaction, which on the embedded database holds the pool's one connection.
  await getJobQueue();
  return getDb().$transaction(async (tx) => {
    const matched = await tx.webhookDelivery.findMany({
      where,
      select: { id: true, status: true },
      orderBy: { receivedAt: "asc" },
      take: REPLAY_LIMIT + 1,
    });
    const truncated = matched.length > REPLAY_LIMIT;
    const candidates = matched.slice(0, REPLAY_LIMIT);
    const replayable = candidates
      .filter((row) => row.status !== "PROCESSED" && row.status !== "REJECTED")
      .map((row) => row.id);
    if (replayable.length > 0) {
      await tx.webhookDelivery.updateMany({
        where: { id: { in: replayable }, status: { notIn: ["PROCESSED", "REJECTED"] } },
        data: { status: "RECEIVED" },
      });
      // Fresh job ids: the delivery's first job may still be kept by the queue.
      await enqueue(
        processDeliveryJob,
        replayable.map((deliveryId) => ({ id: randomUUID(), data: { deliveryId } })),
        { db: fromPrisma(tx) },
      );
    }
    const result: ReplayResult = {
      matched: candidates.length,
      requeued: replayable.length,
      alreadyProcessed: candidates.filter((row) => row.status === "PROCESSED").length,
      rejected: candidates.filter((row) => row.status === "REJECTED").length,
      truncated,
    };
    await recordAudit({
      db: tx,
      action: "webhook.replay",
      outcome: "SUCCESS",
      actor: options.actor,
      ip: options.ip,
      target: input.ids?.length === 1 ? { type: "webhook-delivery", id: input.ids[0] ?? "" } : null,
      details: { ...(input.ids ? { ids: input.ids.slice(0, 50) } : { filter }), ...result },
    });
    return result;
  });
}
