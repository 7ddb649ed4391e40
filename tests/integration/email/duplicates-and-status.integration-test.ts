import "./support/sendgrid-env";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getDb } from "@/lib/db/client";
import type { EmailStatus } from "@/lib/db/generated/enums";
import {
  nextStatus,
  statusForEvent,
} from "@/lib/integrations/providers/sendgrid/events/status-precedence";
import { MESSAGE_ID_ARG, SENDGRID } from "@/lib/integrations/providers/sendgrid/names";
import { sendgridSimulator, type SendgridEvent } from "@/simulators/sendgrid";
import { createTestUser } from "../../support/users";
import { recipientCsv, requestStates, startBulk } from "./support/bulk";
import { eventually, startEmailHarness, type EmailHarness } from "./support/email-harness";
import { startFaultyReceiver } from "./support/faulty-receiver";

// 500 batches (50,000 events) on PostgreSQL. The embedded database works one batch at a time
// over its single connection, about 65 events a second end to end here: 50,000 took past the
// 20-minute wait, so it gets a fifth of the volume, with every fault and redelivery kind in it.
const BATCHES = Number(
  process.env.EMAIL_TEST_BATCHES ?? (inject("databaseKind") === "pglite" ? 100 : 500),
);
const PER_BATCH = 100;
const EVENTS = BATCHES * PER_BATCH;
const RECIPIENTS = EVENTS / 10;

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

describe("SendGrid events in batches, redelivered, out of order, through database faults", () => {
  /** Bodies (by hash) of the batches whose first delivery meets a database fault. */
  const faulty = new Set<string>();
  let harness: EmailHarness;
  let receiver: Awaited<ReturnType<typeof startFaultyReceiver>>;
  beforeAll(async () => {
    harness = await startEmailHarness({
      deliverEvents: false,
      simulator: { lifecycle: { auto: false } },
      // As a server runs it: one batch in flight on the embedded database, four on a server.
      concurrency: inject("databaseKind") === "pglite" ? 1 : 4,
    });
    receiver = await startFaultyReceiver(harness.provider, (hash) => faulty.has(hash));
    harness.sim.webhooks.configure({
      targetUrl: `${receiver.url}/`,
      concurrency: 8,
      shuffle: true,
      retry: { maxAttempts: 10, baseDelayMs: 50, maxDelayMs: 1_000 },
    });
  }, 120_000);
  afterAll(async () => {
    await receiver.close();
    await harness.close();
  });

  it(`stores exactly ${EVENTS.toLocaleString("en")} distinct events from ${BATCHES} batches delivered about 3 times (10% up to 40), and every status follows the precedence`, async () => {
    const { actor } = await createTestUser("ADMIN");
    const bulk = await startBulk(actor, recipientCsv(RECIPIENTS).csv);
    await eventually(
      () => requestStates(bulk.id),
      (states) => states.ACCEPTED === bulk.requests,
      120_000,
    );
    // Each accepted message has its `processed` event; the rest of their lives come after.
    const processed = harness.sim.ledger.events.size;
    expect(processed).toBe(RECIPIENTS);
    harness.sim.generateEvents(EVENTS - processed, { deliver: false });
    const events = shuffle([...harness.sim.ledger.events.all()]);
    expect(events).toHaveLength(EVENTS);

    let deliveries = 0;
    for (let batch = 0; batch < BATCHES; batch += 1) {
      const slice = events.slice(batch * PER_BATCH, (batch + 1) * PER_BATCH);
      // 5% of batches: one in twenty.
      if (batch % 20 === 7) {
        const body = sendgridSimulator.webhooks.encode(slice);
        faulty.add(createHash("sha256").update(body).digest("hex"));
      }
      const times = batch % 10 === 0 ? 4 + Math.floor(Math.random() * 37) : 3;
      for (let time = 0; time < times; time += 1) harness.sim.webhooks.send(slice);
      deliveries += times;
    }
    await harness.sim.webhooks.drain();
    expect(harness.sim.webhooks.stats().failed).toBe(0);
    expect(receiver.stats.faults).toBe(faulty.size);

    const ids = events.map((event) => event.id);
    // One array parameter: fifty thousand ids are past PostgreSQL's bind-parameter limit.
    const count = async (where: "all" | "processed" | "events") => {
      const rows =
        where === "events"
          ? await getDb().$queryRaw<{ count: bigint }[]>`
              SELECT count(*) AS count FROM "EmailEvent" WHERE "sgEventId" = ANY(${ids}::text[])`
          : await getDb().$queryRaw<{ count: bigint }[]>`
              SELECT count(*) AS count FROM "WebhookDelivery"
              WHERE "provider" = ${SENDGRID} AND "eventId" = ANY(${ids}::text[])
                AND (${where} = 'all' OR "status" = 'PROCESSED')`;
      return Number(rows[0]?.count ?? -1);
    };
    expect(await count("all")).toBe(EVENTS);
    expect(
      await eventually(
        () => count("processed"),
        (done) => done === EVENTS,
        1_200_000,
      ),
    ).toBe(EVENTS);
    expect(await count("events")).toBe(EVENTS);

    // The expected outcome, folded from the ledger's events in their original order.
    const byMessage = new Map<string, SendgridEvent[]>();
    for (const event of harness.sim.ledger.events.all()) {
      const id = String(event.payload[MESSAGE_ID_ARG]);
      byMessage.set(id, [...(byMessage.get(id) ?? []), event]);
    }
    const messages = await getDb().emailMessage.findMany({
      where: { bulkSendId: bulk.id },
      select: { id: true, status: true, openCount: true, clickCount: true },
    });
    expect(messages).toHaveLength(RECIPIENTS);
    const wrong = messages.filter((message) => {
      const own = byMessage.get(message.id) ?? [];
      const expected = own.reduce<EmailStatus>(
        (status, event) => nextStatus(status, statusForEvent(event.type)),
        "SENT",
      );
      const opens = own.filter((event) => event.type === "open").length;
      const clicks = own.filter((event) => event.type === "click").length;
      return (
        message.status !== expected || message.openCount !== opens || message.clickCount !== clicks
      );
    });
    expect(wrong).toEqual([]);
    expect(deliveries).toBeGreaterThan(BATCHES * 3);
  }, 1_800_000);
});
