import { randomInt } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  generateStandardWebhookSecret,
  startGenericSimulator,
  type GenericEvent,
  type GenericSimulator,
} from "@/simulators/generic";
import { deliveryCounts } from "@/simulators/host/webhooks/plan";
import { randomId } from "../../support/factories";
import { refusedUrl, startWebhookReceiver, type WebhookReceiver } from "./support/receiver";

const withId = z.object({ id: z.string() });

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

describe("generic simulator: webhook delivery", () => {
  let sim: GenericSimulator;
  let receiver: WebhookReceiver;
  let failFirst = 0;

  beforeEach(async () => {
    failFirst = 0;
    sim = await startGenericSimulator({
      webhooks: { retry: { maxAttempts: 5, baseDelayMs: 5, maxDelayMs: 20 } },
    });
    receiver = await startWebhookReceiver({
      secret: () => sim.webhooks.signer.verificationKey,
      answer: (delivery) => (delivery.nth <= failFirst ? 500 : 204),
    });
    sim.webhooks.configure({ targetUrl: receiver.url });
  });
  afterEach(async () => {
    await sim.close();
    await receiver.close();
  });

  async function api(method: string, path: string, body?: unknown) {
    const response = await fetch(`${sim.url}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json: unknown = await response.json();
    return { status: response.status, body: json };
  }

  it("delivers every change as it happens, signed, with the logged event as the body", async () => {
    const created = await Promise.all(
      Array.from({ length: randomInt(3, 8) }, () =>
        api("POST", "/v1/objects", { type: randomId("t-"), attributes: { n: randomInt(1000) } }),
      ),
    );
    const [first, second] = created.map((response) => withId.parse(response.body).id);
    await api("PATCH", `/v1/objects/${first}`, { attributes: { n: -1 } });
    await api("DELETE", `/v1/objects/${second}`);
    await sim.webhooks.drain();

    const events = sim.ledger.events.all();
    expect(events).toHaveLength(created.length + 2);
    expect(receiver.deliveries.every((delivery) => delivery.verified)).toBe(true);
    expect(
      new Map(receiver.deliveries.map((delivery) => [delivery.id, JSON.parse(delivery.body)])),
    ).toEqual(new Map(events.map((event) => [event.id, event])));
    expect(sim.webhooks.log.map((entry) => [entry.attempt, entry.status, entry.outcome])).toEqual(
      events.map(() => [1, 204, "delivered"]),
    );
  });

  it("sends bulk events with exact shares of duplicates, forgeries and shuffled order", async () => {
    sim.webhooks.configure({ concurrency: 1 });
    const n = randomInt(100, 250);
    const events = sim.generateChanges(n, { deliver: false });
    await sim.webhooks.drain();
    expect(receiver.deliveries).toHaveLength(0);

    const plan = sim.webhooks.send(events, { duplicates: 0.2, forged: 0.1, shuffled: 0.3 });
    await sim.webhooks.drain();

    const counts = deliveryCounts(n, { duplicates: 0.2, forged: 0.1 });
    const genuine = receiver.deliveries.filter((delivery) => delivery.verified);
    const forged = receiver.deliveries.filter((delivery) => !delivery.verified);
    expect(genuine).toHaveLength(n + counts.duplicates);
    expect(new Set(genuine.map((delivery) => delivery.id))).toEqual(
      new Set(events.map((event) => event.id)),
    );
    expect(
      [...countBy(genuine, (delivery) => delivery.id).values()].filter((times) => times === 2),
    ).toHaveLength(counts.duplicates);
    expect(forged).toHaveLength(counts.forged);
    expect(forged.every((delivery) => delivery.status === 400)).toBe(true);
    expect(
      sim.webhooks.log
        .filter((entry) => entry.forged)
        .map((entry) => [entry.attempt, entry.outcome]),
    ).toEqual(forged.map(() => [1, "failed"]));
    // One at a time, the app sees the plan's order, which is not the order of the events.
    expect(receiver.deliveries.map((delivery) => delivery.id)).toEqual(
      plan.map((delivery) => delivery.deliveryId),
    );
    const firstSeen = [...new Set(genuine.map((delivery) => delivery.id))];
    expect(firstSeen).not.toEqual(events.map((event) => event.id));
  });

  it("retries a delivery answered 500 with backoff, under the same webhook-id, until it succeeds", async () => {
    failFirst = randomInt(1, 4);
    const events = sim.generateChanges(randomInt(2, 6));
    await sim.webhooks.drain();

    for (const event of events) {
      const attempts = sim.webhooks.log.filter((entry) => entry.eventIds.includes(event.id));
      expect(attempts.map((entry) => [entry.attempt, entry.status, entry.outcome])).toEqual([
        ...Array.from({ length: failFirst }, (_, n) => [n + 1, 500, "retrying"]),
        [failFirst + 1, 204, "delivered"],
      ]);
      const received = receiver.deliveries.filter((delivery) => delivery.id === event.id);
      expect(received).toHaveLength(failFirst + 1);
      expect(received.every((delivery) => delivery.verified)).toBe(true);
    }
  });

  it("gives up after the last attempt when the app refuses connections", async () => {
    const maxAttempts = randomInt(2, 4);
    sim.webhooks.configure({ targetUrl: await refusedUrl(), retry: { maxAttempts } });
    const [event] = sim.generateChanges(1);
    await sim.webhooks.drain();

    const attempts = sim.webhooks.log.filter((entry) => entry.eventIds.includes(event?.id ?? ""));
    expect(attempts.map((entry) => [entry.attempt, entry.status, entry.outcome])).toEqual([
      ...Array.from({ length: maxAttempts - 1 }, (_, n) => [n + 1, null, "retrying"]),
      [maxAttempts, null, "failed"],
    ]);
    expect(attempts.every((entry) => typeof entry.error === "string")).toBe(true);
  });

  it("holds a late delivery back, and drain waits for it", async () => {
    const events = sim.generateChanges(randomInt(2, 5), { deliver: false });
    sim.webhooks.send(events, { delayMs: 50 });

    expect(sim.webhooks.stats()).toMatchObject({
      waiting: events.length,
      inFlight: 0,
      attempts: 0,
    });
    await sim.webhooks.drain();
    expect(receiver.deliveries.map((delivery) => delivery.id).sort()).toEqual(
      events.map((event) => event.id).sort(),
    );
  });

  it("duplicates and forges automatic deliveries at the configured rates", async () => {
    sim.webhooks.configure({ duplicateRate: 1, forgedRate: 1 });
    const events = sim.generateChanges(randomInt(2, 6));
    await sim.webhooks.drain();

    const genuine = receiver.deliveries.filter((delivery) => delivery.verified);
    expect(countBy(genuine, (delivery) => delivery.id)).toEqual(
      new Map(events.map((event) => [event.id, 2])),
    );
    const forged = receiver.deliveries.filter((delivery) => !delivery.verified);
    expect(forged).toHaveLength(events.length);
    expect(forged.some((delivery) => events.some((event) => event.id === delivery.id))).toBe(false);
  });

  it("forges deliveries of given events on request", async () => {
    const events = sim.generateChanges(randomInt(2, 5), { deliver: false });
    sim.webhooks.forge(events);
    await sim.webhooks.drain();
    expect(
      receiver.deliveries
        .map((delivery) => [delivery.id, delivery.verified, delivery.status])
        .sort(),
    ).toEqual(events.map((event) => [event.id, false, 400]).sort());
  });

  it("is driven over HTTP: target and secret, generation, shares, drain, log", async () => {
    const state = await api("GET", "/__simulator/webhooks");
    const secret = generateStandardWebhookSecret();
    const configured = await api("PUT", "/__simulator/webhooks", {
      targetUrl: receiver.url,
      secret,
    });
    expect(configured).toMatchObject({ status: 200, body: { secret, targetUrl: receiver.url } });
    expect(state.body).not.toMatchObject({ secret });
    expect(sim.webhooks.signer.verificationKey).toBe(secret);
    const badSecret = await api("PUT", "/__simulator/webhooks", { secret: "whsec_short" });
    expect(badSecret.status).toBe(400);

    const n = randomInt(20, 40);
    const generated = await api("POST", "/__simulator/generate", { n, deliver: false });
    expect(generated).toMatchObject({ status: 201, body: { count: n } });

    const sent = await api("POST", "/__simulator/webhooks/send", { duplicates: 0.5 });
    expect(sent).toMatchObject({
      status: 202,
      body: { deliveries: 2 * n, genuine: n, duplicates: n, forged: 0 },
    });
    const drained = await api("POST", "/__simulator/webhooks/drain");
    expect(drained).toMatchObject({ status: 200, body: { drained: true } });
    expect(receiver.deliveries).toHaveLength(2 * n);
    expect(receiver.deliveries.every((delivery) => delivery.verified)).toBe(true);

    const eventId = sim.ledger.events.all()[0]?.id ?? "";
    const forged = await api("POST", "/__simulator/webhooks/forge", { eventIds: [eventId] });
    expect(forged).toMatchObject({ status: 202, body: { deliveries: 1, forged: 1 } });
    await api("POST", "/__simulator/webhooks/drain");
    const log = await api("GET", `/__simulator/webhooks/log?event_id=${eventId}`);
    const entries = z
      .object({
        data: z.array(
          z.object({ attempt: z.number(), status: z.number().nullable(), forged: z.boolean() }),
        ),
      })
      .parse(log.body).data;
    expect(entries.map((entry) => [entry.attempt, entry.status, entry.forged])).toEqual([
      [1, 204, false],
      [1, 204, false],
      [1, 400, true],
    ]);

    const invalid = await api("POST", "/__simulator/webhooks/send", { duplicates: 1.5 });
    expect(invalid.status).toBe(400);
    const unknown = await api("POST", "/__simulator/webhooks/send", {
      eventIds: [randomId("evt_")],
    });
    expect(unknown.status).toBe(404);
  });

  it("closes without waiting for a receiver that never answers", async () => {
    const hanging = await startWebhookReceiver({
      secret: () => "whsec_AAAA",
      answer: () => "hang",
    });
    sim.webhooks.configure({ targetUrl: hanging.url, timeoutMs: 600_000 });
    const requested = hanging.nextRequest();
    sim.generateChanges(1);
    await requested;
    await sim.close();
    await hanging.close();
    expect(sim.webhooks.stats().inFlight).toBe(0);
  });
});

describe("host webhook batching", () => {
  it("puts events emitted together into batches of the provider's size", async () => {
    const { startSimulator } = await import("@/simulators/host/server");
    const { genericSimulator } = await import("@/simulators/generic");
    const size = randomInt(3, 7);
    const batching = {
      ...genericSimulator,
      webhooks: {
        ...genericSimulator.webhooks,
        maxEventsPerDelivery: size,
        batchWindowMs: 5,
        encode: (events: readonly GenericEvent[]) => JSON.stringify(events),
      },
    };
    const sim = await startSimulator(batching);
    const receiver = await startWebhookReceiver({
      secret: () => sim.webhooks.signer.verificationKey,
    });
    try {
      sim.webhooks.configure({ targetUrl: receiver.url });
      const n = size * randomInt(2, 4) + randomInt(1, size);
      for (let index = 0; index < n; index += 1) sim.ledger.create(randomId("t-"), {});
      await sim.webhooks.drain();

      expect(receiver.deliveries).toHaveLength(Math.ceil(n / size));
      const delivered = receiver.deliveries.flatMap((delivery) =>
        z.array(withId).parse(JSON.parse(delivery.body)),
      );
      expect(delivered.map((event) => event.id).sort()).toEqual(
        sim.ledger.events
          .all()
          .map((event) => event.id)
          .sort(),
      );
      expect(receiver.deliveries.every((delivery) => delivery.verified)).toBe(true);
    } finally {
      await sim.close();
      await receiver.close();
    }
  });
});
