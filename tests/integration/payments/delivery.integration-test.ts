import { sim } from "./support/stripe-env";
import { afterAll, describe, expect, inject, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { findProvider, shutdownIntegrationCore } from "@/lib/integrations/runtime";
import { getJobQueue, stopJobQueue } from "@/lib/jobs/queue";
import { JobRunner } from "@/lib/jobs/runner";
import { eventually } from "../webhooks/support/inbox-harness";
import { startReceiver } from "../webhooks/support/receiver";
import { startWorker, type WorkerProcess } from "../webhooks/support/worker-process";
import { differencesFromLedger, generateStripeTraffic } from "./support/stripe-traffic";

const onPglite = inject("databaseKind") === "pglite";
const UNIQUE = 8_500;

/**
 * The delivery acceptance: 10,000 signed deliveries of real Stripe traffic (8,500 unique
 * events, 1,000 duplicates, 500 forged copies of genuine events, 20% of them out of place), with
 * the processing worker killed mid-run and started again. On PostgreSQL the worker is its own
 * process, killed with SIGKILL; the embedded database serves one process, so there the in-process
 * runner is stopped mid-run and a new one started.
 */
describe("Stripe deliveries at scale", () => {
  const workers: WorkerProcess[] = [];
  afterAll(async () => {
    for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill("SIGKILL");
    await stopJobQueue(5_000);
    await shutdownIntegrationCore();
  });

  it("end as exactly 8,500 processed events, and the console's payments equal the simulator's ledger", async () => {
    await getJobQueue();
    const provider = findProvider("stripe");
    if (!provider) throw new Error("no Stripe module");
    const receiver = await startReceiver(provider);
    sim.webhooks.configure({ targetUrl: receiver.url, autoDeliver: false, concurrency: 16 });

    const events = generateStripeTraffic(sim, UNIQUE);
    expect(events).toHaveLength(UNIQUE);
    const ids = events.map((event) => event.id);
    const processed = () =>
      getDb().webhookDelivery.count({
        where: { provider: "stripe", eventId: { in: ids }, status: "PROCESSED" },
      });

    const plan = sim.webhooks.send(events, {
      duplicates: 0.1,
      forged: 0.05,
      forgedFrom: "copies",
      shuffled: 0.2,
    });
    expect(plan).toHaveLength(10_000);
    expect(plan.filter((delivery) => delivery.duplicate)).toHaveLength(1_000);
    expect(plan.filter((delivery) => delivery.forged)).toHaveLength(500);

    if (onPglite) {
      await new JobRunner({ concurrency: 1 }).start();
      await eventually(processed, (count) => count >= 1_500, 240_000);
      await stopJobQueue(0);
      expect(await processed()).toBeLessThan(UNIQUE);
      await getJobQueue();
      await new JobRunner({ concurrency: 1 }).start();
    } else {
      const first = startWorker({});
      workers.push(first);
      await first.ready;
      await eventually(processed, (count) => count >= 1_500, 240_000);
      first.child.kill("SIGKILL");
      expect(await first.exited).toBeNull();
      expect(await processed()).toBeLessThan(UNIQUE);
      const second = startWorker({});
      workers.push(second);
      await second.ready;
    }
    await sim.webhooks.drain();
    expect(await eventually(processed, (count) => count === UNIQUE, 300_000)).toBe(UNIQUE);

    // Exactly one stored delivery per unique event; every forged attempt was a rejection.
    expect(
      await getDb().webhookDelivery.count({ where: { provider: "stripe", eventId: { in: ids } } }),
    ).toBe(UNIQUE);
    const forgedAttempts = sim.webhooks.log.filter(
      (entry) => entry.forged && entry.status === 400,
    ).length;
    expect(forgedAttempts).toBe(500);
    const chargeIds = new Set(sim.ledger.charges.all().map((charge) => charge.id));
    expect(await differencesFromLedger(sim, chargeIds)).toEqual([]);
    await receiver.close();
  }, 600_000);
});
