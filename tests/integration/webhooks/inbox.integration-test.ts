import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import {
  InvalidEventPayload,
  type EventHandler,
  type ResolvedProvider,
} from "@/lib/integrations/providers/types";
import { enqueue, stopJobQueue } from "@/lib/jobs/queue";
import { JobRunner } from "@/lib/jobs/runner";
import { createTestUser } from "../../support/users";
import { receiveWebhook } from "@/lib/webhooks/ingest";
import { createDeliveryJob, processDeliveryJob } from "@/lib/webhooks/process";
import { replayDeliveries } from "@/lib/webhooks/replay";
import {
  eventually,
  randomEvent,
  randomSecret,
  signedDelivery,
  webhookProvider,
  withHandlers,
} from "./support/inbox-harness";

/** Handlers that fail on demand: a number of transient failures, or "broken" until repaired. */
const faults = { transientLeft: new Map<string, number>(), broken: new Set<string>() };

function faulty(handler: EventHandler): EventHandler {
  return {
    async apply(event, context) {
      const left = faults.transientLeft.get(context.delivery.eventId) ?? 0;
      if (left > 0) {
        faults.transientLeft.set(context.delivery.eventId, left - 1);
        throw new Error("the database hiccupped");
      }
      if (faults.broken.has(context.delivery.eventId))
        throw new InvalidEventPayload(["data: not yet understood"]);
      await handler.apply(event, context);
    },
  };
}

describe("webhook inbox", () => {
  const secret = randomSecret();
  let provider: ResolvedProvider;

  beforeAll(async () => {
    provider = withHandlers(webhookProvider([secret]), faulty);
    const lookup = (name: string) => (name === provider.name ? provider : undefined);
    await new JobRunner({ concurrency: 2, definitions: [createDeliveryJob({ lookup })] }).start();
  });
  afterAll(async () => {
    await stopJobQueue(5_000);
  });

  async function deliver(event = randomEvent(), at?: Date) {
    return receiveWebhook({
      provider,
      ...signedDelivery(secret, event, at),
      sourceIp: "192.0.2.1",
    });
  }
  const delivery = (eventId: string) =>
    getDb().webhookDelivery.findUniqueOrThrow({
      where: { provider_eventId: { provider: provider.name, eventId } },
    });
  const object = (objectId: string) =>
    getDb().externalObject.findUnique({
      where: { provider_objectId: { provider: provider.name, objectId } },
    });
  const settled = (eventId: string) =>
    eventually(
      () => delivery(eventId),
      (row) => row.status === "PROCESSED" || row.status === "DEAD_LETTERED",
    );

  it("stores a signed delivery, acknowledges it, and applies its effect once", async () => {
    const event = randomEvent({ attributes: { plan: "gold" } });
    expect(await deliver(event)).toEqual({ accepted: 1, duplicates: 0 });

    const row = await settled(event.id);
    expect(row).toMatchObject({ status: "PROCESSED", eventType: "object.created", attempts: 1 });
    expect(await object(event.objectId)).toMatchObject({
      version: 1,
      appliedEvents: 1,
      attributes: { plan: "gold" },
    });
  });

  it("acknowledges a redelivery without storing or applying it again", async () => {
    const event = randomEvent();
    await deliver(event);
    expect(await deliver(event)).toEqual({ accepted: 0, duplicates: 1 });
    await settled(event.id);
    expect(await deliver(event)).toEqual({ accepted: 0, duplicates: 1 });

    expect(
      await getDb().webhookDelivery.count({
        where: { provider: provider.name, eventId: event.id },
      }),
    ).toBe(1);
    expect((await object(event.objectId))?.appliedEvents).toBe(1);
  });

  it("applies nothing when a processed delivery's job runs again (a crash after commit, a race)", async () => {
    const event = randomEvent();
    await deliver(event);
    const processed = await settled(event.id);

    await enqueue(processDeliveryJob, [
      { id: crypto.randomUUID(), data: { deliveryId: processed.id } },
    ]);
    await enqueue(processDeliveryJob, [
      { id: crypto.randomUUID(), data: { deliveryId: processed.id } },
    ]);
    // Both jobs ran when their runs are recorded as completed by the queue.
    await eventually(
      () =>
        getDb().$queryRaw<{ count: bigint }[]>`
          SELECT count(*) AS count FROM pgboss.job
          WHERE name = 'webhook-delivery' AND data->>'deliveryId' = ${processed.id} AND state = 'completed'`,
      (rows) => Number(rows[0]?.count ?? 0) >= 3,
    );

    expect(await delivery(event.id)).toMatchObject({ status: "PROCESSED", attempts: 1 });
    expect((await object(event.objectId))?.appliedEvents).toBe(1);
  });

  it("keeps a forged delivery with its reason, answers 400, and applies nothing", async () => {
    const event = randomEvent();
    const forged = signedDelivery(randomSecret(), event);
    const before = await getDb().webhookDelivery.count({
      where: { provider: provider.name, status: "REJECTED" },
    });

    const error = await receiveWebhook({ provider, ...forged, sourceIp: "198.51.100.7" }).catch(
      (thrown: unknown) => thrown,
    );

    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 400 });
    const rejected = await getDb().webhookDelivery.findMany({
      where: { provider: provider.name, status: "REJECTED" },
      orderBy: { receivedAt: "desc" },
    });
    expect(rejected).toHaveLength(before + 1);
    expect(rejected[0]).toMatchObject({
      eventId: null,
      rejectReason: "no signature matches a configured secret",
      sourceIp: "198.51.100.7",
    });
    expect(await object(event.objectId)).toBeNull();
  });

  it("refuses stale and future timestamps, and missing headers", async () => {
    const stale = signedDelivery(secret, randomEvent(), new Date(Date.now() - 301_000));
    const future = signedDelivery(secret, randomEvent(), new Date(Date.now() + 360_000));
    const unsigned = { rawBody: Buffer.from("{}"), headers: new Headers() };
    const reasons: unknown[] = [];
    for (const request of [stale, future, unsigned]) {
      reasons.push(
        await receiveWebhook({ provider, ...request, sourceIp: null }).catch(
          (error: unknown) => error,
        ),
      );
    }
    expect(
      reasons.map((reason) => (reason instanceof AppError ? reason.userMessage : reason)),
    ).toEqual([
      "Webhook rejected: timestamp more than 5 minutes in the past.",
      "Webhook rejected: timestamp more than 5 minutes in the future.",
      "Webhook rejected: missing webhook-id, webhook-timestamp or webhook-signature header.",
    ]);
  });

  it("never lets an older event overwrite a newer one that arrived first", async () => {
    const objectId = `obj_${crypto.randomUUID()}`;
    const newer = randomEvent({ objectId, version: 3, attributes: { state: "newest" } });
    const older = randomEvent({ objectId, version: 2, attributes: { state: "older" } });
    await deliver(newer);
    await settled(newer.id);
    await deliver(older);
    await settled(older.id);

    expect(await object(objectId)).toMatchObject({
      version: 3,
      attributes: { state: "newest" },
      appliedEvents: 2,
    });
  });

  it("retries a transient handler failure to success, with nothing applied by the failed attempts", async () => {
    const event = randomEvent();
    faults.transientLeft.set(event.id, 2);
    await deliver(event);

    const row = await settled(event.id);
    expect(row).toMatchObject({ status: "PROCESSED", attempts: 3, lastError: null });
    expect((await object(event.objectId))?.appliedEvents).toBe(1);
  });

  it("dead-letters an event that cannot be applied, and a replay after the fix applies it exactly once", async () => {
    const { actor } = await createTestUser("ADMIN");
    const event = randomEvent();
    faults.broken.add(event.id);
    await deliver(event);

    const dead = await settled(event.id);
    expect(dead.status).toBe("DEAD_LETTERED");
    expect(dead.lastError).toContain("not yet understood");
    expect(await object(event.objectId)).toBeNull();

    faults.broken.delete(event.id);
    const replay = await replayDeliveries({ actor, input: { ids: [dead.id] } });
    expect(replay).toMatchObject({ matched: 1, requeued: 1, alreadyProcessed: 0 });
    const processed = await eventually(
      () => delivery(event.id),
      (row) => row.status === "PROCESSED",
    );
    expect(processed.status).toBe("PROCESSED");
    expect((await object(event.objectId))?.appliedEvents).toBe(1);

    const again = await replayDeliveries({ actor, input: { ids: [dead.id] } });
    expect(again).toMatchObject({ matched: 1, requeued: 0, alreadyProcessed: 1 });
    const audit = await getDb().auditLog.findMany({
      where: { action: "webhook.replay", actorId: actor.id },
    });
    expect(audit).toHaveLength(2);
  });
});
