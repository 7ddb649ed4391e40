import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { receiveWebhook } from "@/lib/webhooks/ingest";
import { processDeliveryJob } from "@/lib/webhooks/process";
import { randomId } from "../../support/factories";
import {
  eventually,
  randomSecret,
  signedDelivery,
  webhookProvider,
  type ObjectEvent,
} from "./support/inbox-harness";
import { startWorker, type WorkerProcess } from "./support/worker-process";

const onPglite = inject("databaseKind") === "pglite";
const title = (what: string) =>
  onPglite ? `${what} (PostgreSQL only: the embedded database serves one process)` : what;

function shuffle<T>(items: T[]): T[] {
  const out = [...items];
  for (let index = out.length - 1; index > 0; index--) {
    const other = Math.floor(Math.random() * (index + 1));
    [out[index], out[other]] = [out[other] as T, out[index] as T];
  }
  return out;
}

/** `objects` objects with `versions` events each, in a shuffled order. */
function eventsFor(objects: number, versions: number): ObjectEvent[] {
  const events: ObjectEvent[] = [];
  for (let object = 0; object < objects; object++) {
    const objectId = `obj_${randomUUID()}`;
    for (let version = 1; version <= versions; version++) {
      events.push({ id: `evt_${randomUUID()}`, objectId, version, attributes: { version } });
    }
  }
  return shuffle(events);
}

describe("worker processes", () => {
  const workers: WorkerProcess[] = [];
  afterEach(async () => {
    for (const worker of workers.splice(0)) {
      if (worker.child.exitCode === null) worker.child.kill("SIGKILL");
      await worker.exited;
    }
  });

  async function setup(events: ObjectEvent[], duplicates: number) {
    const secret = randomSecret();
    const provider = webhookProvider([secret], randomId("acme-"));
    const config = JSON.stringify({
      providers: [
        {
          name: provider.name,
          baseUrl: "http://127.0.0.1:9",
          rateLimitPerSecond: 10,
          webhookSecrets: [secret],
        },
      ],
    });
    const deliveries = shuffle([...events, ...events.slice(0, duplicates)]);
    for (const event of deliveries) {
      await receiveWebhook({ provider, ...signedDelivery(secret, event), sourceIp: null });
    }
    const processed = () =>
      getDb().webhookDelivery.count({ where: { provider: provider.name, status: "PROCESSED" } });
    return { provider, config, processed };
  }

  async function effects(provider: string) {
    const rows = await getDb().externalObject.findMany({ where: { provider } });
    return {
      applied: rows.reduce((sum, row) => sum + row.appliedEvents, 0),
      objects: rows,
    };
  }

  it.skipIf(onPglite)(
    title("a worker killed mid-run and restarted loses nothing and doubles nothing"),
    async () => {
      const events = eventsFor(200, 5);
      const { provider, config, processed } = await setup(events, 200);

      const first = startWorker({ INTEGRATIONS_CONFIG: config });
      workers.push(first);
      await first.ready;
      await eventually(processed, (count) => count >= 250, 60_000);
      first.child.kill("SIGKILL");
      expect(await first.exited).toBeNull();
      expect(await processed()).toBeLessThan(events.length);

      const second = startWorker({ INTEGRATIONS_CONFIG: config });
      workers.push(second);
      // The dead worker's jobs come back once their claim expires (30 s) and the supervisor looks.
      expect(await eventually(processed, (count) => count === events.length, 120_000)).toBe(
        events.length,
      );

      const { applied, objects } = await effects(provider.name);
      expect(applied).toBe(events.length);
      expect(objects).toHaveLength(200);
      expect(objects.every((object) => object.version === 5)).toBe(true);
      expect(objects.every((object) => JSON.stringify(object.attributes) === '{"version":5}')).toBe(
        true,
      );
      expect(await getDb().webhookDelivery.count({ where: { provider: provider.name } })).toBe(
        events.length,
      );

      second.child.kill("SIGTERM");
      expect(await second.exited).toBe(0);
      expect(second.logs.some((line) => line.msg === "worker stopped")).toBe(true);
    },
    240_000,
  );

  it.skipIf(onPglite)(
    title("SIGTERM stops taking jobs, finishes those in hand, and leaves the rest queued"),
    async () => {
      const events = eventsFor(300, 5);
      const { provider, config, processed } = await setup(events, 0);

      const first = startWorker({ INTEGRATIONS_CONFIG: config });
      workers.push(first);
      await first.ready;
      await eventually(processed, (count) => count >= 100, 60_000);
      first.child.kill("SIGTERM");
      expect(await first.exited).toBe(0);

      // Nothing was left half-done: no delivery in flight, no job still claimed.
      const inFlight = await getDb().webhookDelivery.count({
        where: { provider: provider.name, status: "PROCESSING" },
      });
      const claimed = await getDb().$queryRaw<{ count: bigint }[]>`
        SELECT count(*) AS count FROM pgboss.job WHERE name = 'webhook-delivery' AND state = 'active'`;
      expect(inFlight).toBe(0);
      expect(Number(claimed[0]?.count ?? -1)).toBe(0);
      const done = await processed();
      expect(done).toBeLessThan(events.length);

      const second = startWorker({ INTEGRATIONS_CONFIG: config });
      workers.push(second);
      expect(await eventually(processed, (count) => count === events.length, 120_000)).toBe(
        events.length,
      );
      expect((await effects(provider.name)).applied).toBe(events.length);
    },
    240_000,
  );

  it.skipIf(onPglite)(
    title("two workers share the queue and never run the same job"),
    async () => {
      const events = eventsFor(150, 4);
      const { provider, config, processed } = await setup(events, 0);

      const pair = [
        startWorker({ INTEGRATIONS_CONFIG: config }),
        startWorker({ INTEGRATIONS_CONFIG: config }),
      ];
      workers.push(...pair);
      await Promise.all(pair.map((worker) => worker.ready));
      expect(await eventually(processed, (count) => count === events.length, 120_000)).toBe(
        events.length,
      );
      for (const worker of pair) worker.child.kill("SIGTERM");
      expect(await Promise.all(pair.map((worker) => worker.exited))).toEqual([0, 0]);

      // Each worker's count of delivery jobs it completed. The workers work every queue of the
      // shared test database, so other queues' jobs (from tests running beside this one) are left out.
      const completed = pair.map((worker) => {
        const stopped = z
          .object({
            settled: z.record(z.string(), z.object({ completed: z.number() })),
          })
          .safeParse(worker.logs.find((line) => line.msg === "worker stopped"));
        return stopped.success
          ? (stopped.data.settled[processDeliveryJob.queue]?.completed ?? 0)
          : -1;
      });
      // Every delivery job was completed by exactly one of them, and both took a share.
      expect(completed[0]! + completed[1]!).toBe(events.length);
      expect(Math.min(...completed)).toBeGreaterThan(0);
      const { applied } = await effects(provider.name);
      expect(applied).toBe(events.length);
      const attempts = await getDb().webhookDelivery.groupBy({
        by: ["attempts"],
        where: { provider: provider.name },
        _count: true,
      });
      expect(attempts).toEqual([{ attempts: 1, _count: events.length }]);
    },
    180_000,
  );
});
