import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import {
  InvalidEventPayload,
  type EventHandler,
  type ResolvedProvider,
} from "@/lib/integrations/providers/types";
import { stopJobQueue } from "@/lib/jobs/queue";
import { JobRunner } from "@/lib/jobs/runner";
import { createDeliveryJob } from "@/lib/webhooks/process";
import { replayDeliveries } from "@/lib/webhooks/replay";
import {
  generateStandardWebhookSecret,
  startGenericSimulator,
  type GenericSimulator,
} from "@/simulators/generic";
import { createTestUser } from "../../support/users";
import { eventually, webhookProvider, withHandlers } from "./support/inbox-harness";
import { startReceiver } from "./support/receiver";

const UNIQUE_EVENTS = 1_600;

/**
 * The whole pipeline through the generic module and its simulator: signed deliveries with
 * duplicates, shuffled order and forgeries; handlers that fail now and then, and one event that
 * cannot be applied until "fixed" and replayed.
 */
describe("webhook pipeline through the generic simulator", () => {
  const secret = generateStandardWebhookSecret();
  const flaky = new Set<string>();
  const broken = new Set<string>();
  let provider: ResolvedProvider;
  let sim: GenericSimulator;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  function failing(handler: EventHandler): EventHandler {
    return {
      async apply(event, context) {
        const id = context.delivery.eventId;
        if (flaky.delete(id)) throw new Error("connection reset while writing the effect");
        if (broken.has(id))
          throw new InvalidEventPayload(["data.object: a shape this release cannot read"]);
        await handler.apply(event, context);
      },
    };
  }

  beforeAll(async () => {
    provider = withHandlers(webhookProvider([secret]), failing);
    receiver = await startReceiver(provider);
    sim = await startGenericSimulator({
      webhookTarget: `${receiver.url}/`,
      webhookSecret: secret,
      webhooks: { autoDeliver: false, concurrency: 8 },
    });
    const lookup = (name: string) => (name === provider.name ? provider : undefined);
    await new JobRunner({ concurrency: 2, definitions: [createDeliveryJob({ lookup })] }).start();
  }, 60_000);
  afterAll(async () => {
    await sim.close();
    await receiver.close();
    await stopJobQueue(5_000);
  });

  const count = (status: "PROCESSED" | "DEAD_LETTERED" | "REJECTED") =>
    getDb().webhookDelivery.count({ where: { provider: provider.name, status } });

  it("2,000 deliveries with 20% duplicates end as exactly 1,600 effects, matching the simulator's ledger", async () => {
    const events = sim.generateChanges(UNIQUE_EVENTS, { deliver: false });
    expect(events).toHaveLength(UNIQUE_EVENTS);
    // Some events fail transiently once; one cannot be applied at all until it is fixed.
    for (const event of events.filter((_, index) => index % 40 === 7)) flaky.add(event.id);
    const stuck = events[events.length >> 1];
    if (!stuck) throw new Error("no events");
    broken.add(stuck.id);
    const transientFailures = flaky.size;

    const plan = sim.webhooks.send(events, { duplicates: 0.2, shuffled: 0.2 });
    expect(plan).toHaveLength(2_000);
    expect(plan.filter((delivery) => delivery.duplicate)).toHaveLength(400);
    // Forged copies of real events, ids included, as a replaying attacker would send them.
    const forged = sim.webhooks.forge(events.slice(0, 50));
    await sim.webhooks.drain();

    const settled = await eventually(
      async () => (await count("PROCESSED")) + (await count("DEAD_LETTERED")),
      (total) => total === UNIQUE_EVENTS,
      120_000,
    );
    expect(settled).toBe(UNIQUE_EVENTS);
    expect(flaky.size).toBe(0);
    expect(transientFailures).toBeGreaterThan(0);
    expect(await count("DEAD_LETTERED")).toBe(1);
    expect(await count("PROCESSED")).toBe(UNIQUE_EVENTS - 1);

    // Every forged attempt was stored as a rejection; none blocked the genuine event it copied.
    const forgedAttempts = sim.webhooks.log.filter((entry) => entry.forged).length;
    expect(forgedAttempts).toBeGreaterThanOrEqual(forged.length);
    expect(await count("REJECTED")).toBe(forgedAttempts);

    // The fix ships; an admin replays the dead-lettered delivery.
    broken.delete(stuck.id);
    const { actor } = await createTestUser("ADMIN");
    const replay = await replayDeliveries({
      actor,
      input: { filter: { provider: provider.name, status: "DEAD_LETTERED" } },
    });
    expect(replay).toMatchObject({ matched: 1, requeued: 1 });
    expect(
      await eventually(
        () => count("PROCESSED"),
        (done) => done === UNIQUE_EVENTS,
        60_000,
      ),
    ).toBe(UNIQUE_EVENTS);

    // Exactly one effect per unique event, and the console's objects equal the simulator's.
    const objects = await getDb().externalObject.findMany({ where: { provider: provider.name } });
    expect(objects.reduce((sum, object) => sum + object.appliedEvents, 0)).toBe(UNIQUE_EVENTS);
    const ledger = sim.ledger.objects.all();
    expect(objects).toHaveLength(ledger.length);
    const mine = new Map(objects.map((object) => [object.objectId, object]));
    for (const expected of ledger) {
      expect(mine.get(expected.id)).toMatchObject({
        objectType: expected.type,
        version: expected.version,
        deleted: expected.deleted,
        attributes: expected.attributes,
      });
    }

    // Replaying everything again changes nothing: processed deliveries are never requeued.
    const again = await replayDeliveries({
      actor,
      input: { filter: { provider: provider.name, status: "FAILED" } },
    });
    expect(again.requeued).toBe(0);
    const byId = await replayDeliveries({
      actor,
      input: {
        ids: (
          await getDb().webhookDelivery.findMany({
            where: { provider: provider.name, status: "PROCESSED" },
            take: 5,
          })
        ).map((row) => row.id),
      },
    });
    expect(byId).toMatchObject({ requeued: 0, alreadyProcessed: 5 });
  }, 300_000);
});
