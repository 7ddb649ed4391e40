import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { systemClock } from "@/lib/integrations/core/clock";
import { SharedTokenBucket } from "@/lib/integrations/core/rate-limiter";
import { genericDefinition, genericProvider } from "@/lib/integrations/providers/generic";
import type { ResolvedProvider } from "@/lib/integrations/providers/types";
import { stopJobQueue } from "@/lib/jobs/queue";
import { JobRunner } from "@/lib/jobs/runner";
import { findMissedEvents } from "@/lib/payments/missed-events";
import {
  cancelBulkReplay,
  createBulkReplayJob,
  runBulkReplaySlice,
  startBulkReplay,
} from "@/lib/webhooks/bulk-replay";
import { getBulkReplay, type BulkReplayView } from "@/lib/webhooks/bulk-replay-view";
import { encodeCursor } from "@/lib/webhooks/filters";
import { REJECTED_ROWS_PER_HOUR, receiveWebhook } from "@/lib/webhooks/ingest";
import { createDeliveryJob, processDelivery } from "@/lib/webhooks/process";
import { getDelivery, listDeliveries } from "@/lib/webhooks/queries";
import { replayDeliveries } from "@/lib/webhooks/replay";
import { randomId } from "../../support/factories";
import { createTestUser } from "../../support/users";
import { objectEventBody, seedDeliveries } from "./support/deliveries";
import { eventually, randomEvent, randomSecret, signedDelivery } from "./support/inbox-harness";

/** The configured limit the 1,000-event bulk replay must stay under (Stripe test mode's): below
 * what processing alone reaches on either database, so it is the pacing that holds it. */
const RATE_LIMIT = 25;

function providerWith(rateLimitPerSecond: number, secret = randomSecret()): ResolvedProvider {
  return genericProvider({
    definition: genericDefinition({
      name: randomId("acme-"),
      displayName: "Acme",
      baseUrl: "http://127.0.0.1:9",
      auth: { scheme: "none" },
      rateLimitPerSecond,
    }),
    webhookSecrets: [secret],
  });
}

async function expectAppError(promise: Promise<unknown>, code: string) {
  const error: unknown = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect(error).toMatchObject({ code });
}

describe("webhook deliveries console", () => {
  const providers = new Map<string, ResolvedProvider>();
  const lookup = (name: string) => providers.get(name);
  const add = (provider: ResolvedProvider) => {
    providers.set(provider.name, provider);
    return provider;
  };
  let admin: Awaited<ReturnType<typeof createTestUser>>["actor"];

  beforeAll(async () => {
    admin = (await createTestUser("ADMIN")).actor;
    await new JobRunner({
      concurrency: 1,
      definitions: [createBulkReplayJob({ lookup }), createDeliveryJob({ lookup })],
    }).start();
  });
  afterAll(async () => {
    await stopJobQueue(5_000);
  });

  const object = (provider: string, objectId: string) =>
    getDb().externalObject.findUnique({
      where: { provider_objectId: { provider, objectId } },
    });

  describe("list and filters", () => {
    const provider = providerWith(10);
    const base = Date.parse("2026-03-01T12:00:00.000Z");
    const at = (minutes: number) => new Date(base + minutes * 60_000);

    beforeAll(async () => {
      add(provider);
      await seedDeliveries(provider.name, [
        ...Array.from({ length: 7 }, (_, index) => ({
          status: "PROCESSED" as const,
          receivedAt: at(index),
        })),
        { status: "DEAD_LETTERED", receivedAt: at(10), eventType: "invoice.paid" },
        { status: "DEAD_LETTERED", receivedAt: at(11), eventType: "invoice.paid" },
        { status: "REJECTED", receivedAt: at(12), rejectReason: "timestamp too old" },
        // Three at the same instant: the keyset must not lose or repeat one across pages.
        { status: "FAILED", receivedAt: at(20) },
        { status: "FAILED", receivedAt: at(20) },
        { status: "FAILED", receivedAt: at(20) },
      ]);
    });

    it("pages newest first through every delivery exactly once, whatever the page size", async () => {
      const seen: string[] = [];
      let after: string | undefined;
      for (let page = 0; page < 10; page += 1) {
        const result = await listDeliveries({
          actor: admin,
          input: { provider: provider.name, limit: "2", ...(after ? { after } : {}) },
        });
        seen.push(...result.deliveries.map((row) => row.id));
        const times = result.deliveries.map((row) => row.receivedAt.getTime());
        expect([...times].sort((a, b) => b - a)).toEqual(times);
        if (!result.next) break;
        after = result.next;
      }
      expect(seen).toHaveLength(13);
      expect(new Set(seen).size).toBe(13);
    });

    it("filters by status, type and time range, each alone and together", async () => {
      const list = async (input: Record<string, string>) =>
        (await listDeliveries({ actor: admin, input: { provider: provider.name, ...input } }))
          .deliveries;
      expect(await list({ status: "FAILED" })).toHaveLength(3);
      expect(await list({ eventType: "invoice.paid" })).toHaveLength(2);
      expect(await list({ status: "REJECTED" })).toMatchObject([
        { rejectReason: "timestamp too old", eventId: null },
      ]);
      // A datetime-local minute (UTC), and a day covering all of that day.
      expect(await list({ from: "2026-03-01T12:10", to: "2026-03-01T12:12" })).toHaveLength(2);
      expect(await list({ to: "2026-03-01" })).toHaveLength(13);
      expect(await list({ from: "2026-03-02" })).toHaveLength(0);
      expect(await list({ status: "DEAD_LETTERED", from: "2026-03-01T12:11" })).toHaveLength(1);
      // Blank form fields are no filter.
      expect(await list({ status: "", eventType: "", from: "", to: "" })).toHaveLength(13);
    });

    it("answers bad filters and broken cursors with a 422, never a 500", async () => {
      for (const input of [
        { status: "EXPLODED" },
        { from: "yesterday" },
        { from: "2026-03-02", to: "2026-03-01" },
        { limit: "100000" },
        { after: "not-a-cursor" },
        { after: Buffer.from('{"t":1}').toString("base64url") },
        { eventType: "x".repeat(201) },
        { provider: "a\u0000b" },
      ]) {
        await expectAppError(listDeliveries({ actor: admin, input }), "VALIDATION_FAILED");
      }
      const cursor = encodeCursor({ receivedAt: at(100), id: crypto.randomUUID() });
      const fromCursor = await listDeliveries({
        actor: admin,
        input: { provider: provider.name, after: cursor },
      });
      expect(fromCursor.deliveries).toHaveLength(13);
    });
  });

  describe("detail", () => {
    it("shows the payload with secrets redacted and a huge one cut to size", async () => {
      const provider = add(providerWith(10));
      const event = randomEvent();
      const body = JSON.parse(objectEventBody(event)) as Record<string, unknown>;
      const [secretOne] = await seedDeliveries(provider.name, [
        {
          status: "PROCESSED",
          event,
          body: JSON.stringify({
            ...body,
            api_key: "live-key-value",
            note: "signed with whsec_abcdefghijklmnop and sk_live_4eC39HqLyjWDarjtT1zdp7dc",
          }),
        },
      ]);
      const [huge] = await seedDeliveries(provider.name, [
        { status: "PROCESSED", body: JSON.stringify({ blob: "y".repeat(200_000) }) },
      ]);
      const detail = await getDelivery({ actor: admin, id: secretOne?.id ?? "" });
      expect(detail.payload.json).toBe(true);
      expect(detail.payload.text).toContain(event.objectId);
      expect(detail.payload.text).not.toContain("live-key-value");
      expect(detail.payload.text).not.toContain("whsec_abcdefghijklmnop");
      expect(detail.payload.text).not.toContain("4eC39HqLyjWDarjtT1zdp7dc");
      expect(detail.payload.text).toContain("[REDACTED]");
      const big = await getDelivery({ actor: admin, id: huge?.id ?? "" });
      expect(big.payload.truncated).toBe(true);
      expect(big.payload.size).toBeGreaterThan(200_000);
      expect(big.payload.text.length).toBeLessThan(70_000);
      await expectAppError(getDelivery({ actor: admin, id: "not-an-id" }), "NOT_FOUND");
    });
  });

  describe("rejected deliveries", () => {
    it("store their reason and get a hint that names the likely cause", async () => {
      const secret = randomSecret();
      const provider = add(providerWith(10, secret));
      const deliver = (rawBody: Buffer, headers: Headers) =>
        receiveWebhook({ provider, rawBody, headers, sourceIp: "198.51.100.4" }).catch(
          (error: unknown) => error,
        );

      const stale = signedDelivery(secret, randomEvent(), new Date(Date.now() - 3_600_000));
      const wrongSecret = signedDelivery(randomSecret(), randomEvent());
      const good = signedDelivery(secret, randomEvent());
      const changedBody = Buffer.from(good.rawBody.toString("utf8").replace("{", "{ "));
      const stripped = signedDelivery(secret, randomEvent());
      stripped.headers.delete("webhook-signature");

      await deliver(stale.rawBody, stale.headers);
      await deliver(wrongSecret.rawBody, wrongSecret.headers);
      await deliver(changedBody, good.headers);
      await deliver(stripped.rawBody, stripped.headers);

      const { deliveries } = await listDeliveries({
        actor: admin,
        input: { provider: provider.name, status: "REJECTED" },
      });
      expect(deliveries).toHaveLength(4);
      const causes = await Promise.all(
        deliveries.map(async (row) => {
          const detail = await getDelivery({ actor: admin, id: row.id });
          return [detail.rejectReason, detail.hint?.cause];
        }),
      );
      expect(causes).toEqual(
        expect.arrayContaining([
          ["timestamp more than 5 minutes in the past", "clock-skew"],
          [
            "missing webhook-id, webhook-timestamp or webhook-signature header",
            "missing-signature",
          ],
          ["no signature matches a configured secret", "signature-mismatch"],
          ["no signature matches a configured secret", "signature-mismatch"],
        ]),
      );
      const hint = (await getDelivery({ actor: admin, id: deliveries[0]?.id ?? "" })).hint;
      expect(hint?.fix.length).toBeGreaterThan(40);
    });

    it("are folded into counts during a flood, so the table stops growing", async () => {
      const secret = randomSecret();
      const provider = add(providerWith(10, secret));
      await seedDeliveries(
        provider.name,
        Array.from({ length: REJECTED_ROWS_PER_HOUR }, () => ({
          status: "REJECTED" as const,
          rejectReason: "no signature matches a configured secret",
        })),
      );
      const forged = signedDelivery(randomSecret(), randomEvent());
      for (let index = 0; index < 25; index += 1) {
        await receiveWebhook({
          provider,
          rawBody: forged.rawBody,
          headers: forged.headers,
          sourceIp: `203.0.113.${index}`,
        }).catch(() => undefined);
      }
      const rows = await getDb().webhookDelivery.findMany({
        where: { provider: provider.name, status: "REJECTED" },
        select: { repeats: true },
      });
      expect(rows).toHaveLength(REJECTED_ROWS_PER_HOUR);
      expect(rows.reduce((sum, row) => sum + row.repeats, 0)).toBe(25);
    });
  });

  describe("replay", () => {
    it("applies a dead-lettered event exactly once, and a processed one not again", async () => {
      const provider = add(providerWith(50));
      const deadEvent = randomEvent();
      const doneEvent = randomEvent();
      const [dead, done] = await seedDeliveries(provider.name, [
        { status: "DEAD_LETTERED", event: deadEvent },
        { status: "RECEIVED", event: doneEvent },
      ]);
      if (!dead || !done) throw new Error("not seeded");
      expect(await processDelivery({ deliveryId: done.id, lookup })).toBe("applied");

      const replay = await startBulkReplay({
        actor: admin,
        input: { filter: { provider: provider.name } },
      });
      expect(replay.total).toBe(1);
      const finished = await eventually(
        () => getBulkReplay({ actor: admin, id: replay.id }),
        (view) => view.status === "FINISHED",
      );
      expect(finished).toMatchObject({ replayed: 1, skipped: 0, failed: 0, done: 1 });
      expect((await object(provider.name, deadEvent.objectId))?.appliedEvents).toBe(1);

      // Replayed again, one by one and by filter: nothing more happens.
      const byId = await replayDeliveries({ actor: admin, input: { ids: [dead.id, done.id] } });
      expect(byId).toMatchObject({ requeued: 0, alreadyProcessed: 2 });
      await expectAppError(
        startBulkReplay({
          actor: admin,
          input: { filter: { provider: provider.name, status: "PROCESSED" } },
        }),
        "VALIDATION_FAILED",
      );
      await expectAppError(
        startBulkReplay({ actor: admin, input: { filter: { provider: provider.name } } }),
        "VALIDATION_FAILED",
      );
      expect((await object(provider.name, deadEvent.objectId))?.appliedEvents).toBe(1);
      expect((await object(provider.name, doneEvent.objectId))?.appliedEvents).toBe(1);
      const audit = await getDb().auditLog.findMany({
        where: { targetId: replay.id },
        orderBy: { createdAt: "asc" },
      });
      expect(audit.map((row) => row.action)).toEqual([
        "webhook.bulk_replay",
        "webhook.bulk_replay_finished",
      ]);
    });

    it("leaves out a delivery processed before its turn, and a stale slice job does nothing", async () => {
      const provider = add(providerWith(1_000));
      const seeded = await seedDeliveries(provider.name, [{}, {}, {}]);
      // Not through the runner: the slice is run by hand after one delivery got processed.
      const { id } = await getDb().webhookReplay.create({
        data: {
          requestedBy: admin.email,
          filter: { provider: provider.name },
          total: 3,
          receivedUntil: new Date(),
        },
      });
      await processDelivery({ deliveryId: seeded[1]?.id ?? "", lookup });
      const bucket = new SharedTokenBucket(provider.name, 1_000, systemClock, { memory: true });
      const outcome = await runBulkReplaySlice(
        { replayId: id, step: 0 },
        { lookup, pacer: () => bucket, db: getDb() },
      );
      expect(outcome).toBe("finished");
      // The processed one no longer matches the filter's statuses: two were replayed.
      expect(await getBulkReplay({ actor: admin, id })).toMatchObject({
        status: "FINISHED",
        replayed: 2,
        failed: 0,
      });
      const stale = await runBulkReplaySlice(
        { replayId: id, step: 0 },
        { lookup, pacer: () => bucket, db: getDb() },
      );
      expect(stale).toBe("stale");
    });

    it("cancels a running replay: it stops within a delivery, keeps what it did, leaves the rest, and says who", async () => {
      const provider = add(providerWith(5));
      await seedDeliveries(
        provider.name,
        Array.from({ length: 40 }, (_, index) => ({
          status: "DEAD_LETTERED" as const,
          receivedAt: new Date(Date.now() - 60_000 + index),
        })),
      );
      const processed = () =>
        getDb().webhookDelivery.count({ where: { provider: provider.name, status: "PROCESSED" } });
      const replay = await startBulkReplay({
        actor: admin,
        input: { filter: { provider: provider.name } },
      });
      await eventually(processed, (count) => count >= 3);

      const cancelled = await cancelBulkReplay({ actor: admin, id: replay.id });
      expect(cancelled).toMatchObject({ status: "CANCELLED", cancelledBy: admin.email });
      // The slice notices before its next delivery and records what it did.
      const settled = await eventually(
        () => getBulkReplay({ actor: admin, id: replay.id }),
        (view) => view.done > 0,
      );
      // At 5 a second, a replay that went on would have applied several more by now.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const after = await getBulkReplay({ actor: admin, id: replay.id });
      expect(after).toMatchObject({ status: "CANCELLED", done: settled.done, failed: 0 });
      expect(await processed()).toBe(after.replayed);
      expect(after.replayed).toBeLessThan(40);
      expect(
        await getDb().webhookDelivery.count({
          where: { provider: provider.name, status: "DEAD_LETTERED" },
        }),
      ).toBe(40 - after.replayed);

      await expectAppError(cancelBulkReplay({ actor: admin, id: replay.id }), "CONFLICT");
      await expectAppError(cancelBulkReplay({ actor: admin, id: "not-a-uuid" }), "NOT_FOUND");
      await expectAppError(
        cancelBulkReplay({ actor: admin, id: "00000000-0000-4000-8000-000000000000" }),
        "NOT_FOUND",
      );
      const audit = await getDb().auditLog.findMany({
        where: { targetId: replay.id },
        orderBy: { createdAt: "asc" },
      });
      expect(audit.map((row) => row.action)).toEqual([
        "webhook.bulk_replay",
        "webhook.bulk_replay_cancelled",
      ]);

      // The rest can be replayed later, and only the rest.
      const again = await startBulkReplay({
        actor: admin,
        input: { filter: { provider: provider.name } },
      });
      expect(again.total).toBe(40 - after.replayed);
      await cancelBulkReplay({ actor: admin, id: again.id });
    }, 60_000);

    it("replays 1,000 events in bulk under the provider's configured rate limit, reporting progress", async () => {
      const provider = add(providerWith(RATE_LIMIT));
      const seeded = await seedDeliveries(
        provider.name,
        Array.from({ length: 1_000 }, (_, index) => ({
          status: index % 3 === 0 ? ("FAILED" as const) : ("DEAD_LETTERED" as const),
          receivedAt: new Date(Date.now() - 60_000 + index),
        })),
      );
      const replay = await startBulkReplay({
        actor: admin,
        input: { filter: { provider: provider.name } },
      });
      expect(replay).toMatchObject({ total: 1_000, done: 0, status: "QUEUED" });

      const observed: BulkReplayView[] = [];
      const finished = await eventually(
        async () => {
          const view = await getBulkReplay({ actor: admin, id: replay.id });
          observed.push(view);
          return view;
        },
        (view) => view.status === "FINISHED" || view.status === "FAILED",
        180_000,
      );
      expect(finished).toMatchObject({ status: "FINISHED", replayed: 1_000, failed: 0 });
      // Progress was visible while it ran, and only ever went up.
      const running = observed.filter(
        (view) => view.status === "RUNNING" && view.done > 0 && view.done < 1_000,
      );
      expect(running.length).toBeGreaterThan(0);
      const dones = observed.map((view) => view.done);
      expect([...dones].sort((a, b) => a - b)).toEqual(dones);

      // Every effect exactly once.
      const objects = await getDb().externalObject.findMany({
        where: { provider: provider.name },
        select: { appliedEvents: true },
      });
      expect(objects).toHaveLength(1_000);
      expect(objects.every((row) => row.appliedEvents === 1)).toBe(true);

      // The limit, from the recorded processing times: no RATE_LIMIT + 1 of them within a second.
      const times = (
        await getDb().webhookDelivery.findMany({
          where: { id: { in: seeded.map((row) => row.id) } },
          select: { processedAt: true },
        })
      )
        .map((row) => row.processedAt?.getTime() ?? Number.NaN)
        .sort((a, b) => a - b);
      expect(times.every(Number.isFinite)).toBe(true);
      let tightest = Number.POSITIVE_INFINITY;
      for (let index = 0; index + RATE_LIMIT < times.length; index += 1) {
        tightest = Math.min(tightest, (times[index + RATE_LIMIT] ?? 0) - (times[index] ?? 0));
      }
      expect(tightest).toBeGreaterThanOrEqual(1_000);
    }, 240_000);
  });

  describe("roles", () => {
    it("lets SUPPORT and VIEWER read but refuses them every replay control", async () => {
      const provider = add(providerWith(10));
      const [row] = await seedDeliveries(provider.name, [{ status: "DEAD_LETTERED" }]);
      const replaysBefore = await getDb().webhookReplay.count();
      for (const role of ["SUPPORT", "VIEWER"] as const) {
        const { actor } = await createTestUser(role);
        const list = await listDeliveries({ actor, input: { provider: provider.name } });
        expect(list.deliveries).toHaveLength(1);
        expect((await getDelivery({ actor, id: row?.id ?? "" })).status).toBe("DEAD_LETTERED");
        await expectAppError(
          startBulkReplay({ actor, input: { filter: { provider: provider.name } } }),
          "FORBIDDEN",
        );
        await expectAppError(
          replayDeliveries({ actor, input: { ids: [row?.id ?? ""] } }),
          "FORBIDDEN",
        );
        await expectAppError(findMissedEvents({ actor }), "FORBIDDEN");
        await expectAppError(
          cancelBulkReplay({ actor, id: "00000000-0000-4000-8000-000000000000" }),
          "FORBIDDEN",
        );
      }
      expect(await getDb().webhookReplay.count()).toBe(replaysBefore);
      expect(
        (await getDb().webhookDelivery.findUnique({ where: { id: row?.id ?? "" } }))?.status,
      ).toBe("DEAD_LETTERED");
    });
  });
});
