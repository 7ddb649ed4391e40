import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { SimEvent } from "@/simulators/host/ledger";
import {
  deliveryCounts,
  groupEvents,
  planDeliveries,
  rotateRandomly,
  type PlannedDelivery,
} from "@/simulators/host/webhooks/plan";
import { randomId } from "../../support/factories";

interface TestEvent extends SimEvent {
  n: number;
}

const profile = {
  maxEventsPerDelivery: 1,
  fabricate: (like: TestEvent): TestEvent => ({ ...like, id: randomId("evt_") }),
};

function events(count: number): TestEvent[] {
  return Array.from({ length: count }, (_, n) => ({ id: randomId("evt_"), type: "t", n }));
}

function count(plan: PlannedDelivery<TestEvent>[], kind: "genuine" | "duplicate" | "forged") {
  return plan.filter((delivery) =>
    kind === "forged"
      ? delivery.forged
      : kind === "duplicate"
        ? delivery.duplicate
        : !delivery.forged && !delivery.duplicate,
  ).length;
}

describe("delivery plans", () => {
  it("takes duplicate and forged shares of the whole send", () => {
    expect(deliveryCounts(1_600, { duplicates: 0.2 })).toEqual({
      genuine: 1_600,
      duplicates: 400,
      forged: 0,
      total: 2_000,
    });
    expect(deliveryCounts(900, { duplicates: 0.05, forged: 0.05 })).toEqual({
      genuine: 900,
      duplicates: 50,
      forged: 50,
      total: 1_000,
    });
    expect(deliveryCounts(0, { duplicates: 0.5 }).total).toBe(0);
    expect(() => deliveryCounts(10, { duplicates: 0.6, forged: 0.4 })).toThrow(RangeError);
    expect(() => deliveryCounts(10, { forged: -0.1 })).toThrow(RangeError);
  });

  it("sends every event once genuinely, repeats duplicates after their original, and forges new ids", () => {
    const sent = events(randomInt(200, 400));
    const ids = new Set(sent.map((event) => event.id));

    const plan = planDeliveries(sent, profile, { duplicates: 0.2, forged: 0.1 });
    const counts = deliveryCounts(sent.length, { duplicates: 0.2, forged: 0.1 });

    expect(plan).toHaveLength(counts.total);
    expect(count(plan, "duplicate")).toBe(counts.duplicates);
    expect(count(plan, "forged")).toBe(counts.forged);
    const genuine = plan.filter((delivery) => !delivery.forged && !delivery.duplicate);
    expect(genuine.map((delivery) => delivery.deliveryId)).toEqual(sent.map((event) => event.id));
    plan.forEach((delivery, position) => {
      if (delivery.duplicate) {
        const original = plan.findIndex((other) => other.deliveryId === delivery.deliveryId);
        expect(original).toBeLessThan(position);
        expect(plan[original]?.duplicate).toBe(false);
      }
      if (delivery.forged) {
        expect(ids.has(delivery.deliveryId)).toBe(false);
        expect(delivery.events.map((event) => event.id)).toEqual([delivery.deliveryId]);
      }
    });
  });

  it("forges copies of genuine events, ids included, when asked", () => {
    const sent = events(randomInt(50, 100));
    const ids = new Set(sent.map((event) => event.id));
    const plan = planDeliveries(sent, profile, { forged: 0.3, forgedFrom: "copies" });
    const forged = plan.filter((delivery) => delivery.forged);
    expect(forged.length).toBeGreaterThan(0);
    for (const delivery of forged) expect(ids.has(delivery.deliveryId)).toBe(true);
  });

  it("moves exactly the shuffled share of deliveries out of place", () => {
    const sent = events(randomInt(100, 300));
    const share = randomInt(10, 90) / 100;
    const plan = planDeliveries(sent, profile, { shuffled: share });
    const moved = plan.filter((delivery, position) => delivery.events[0]?.n !== position);
    expect(moved).toHaveLength(Math.round(sent.length * share));
    expect(new Set(plan.map((delivery) => delivery.deliveryId))).toEqual(
      new Set(sent.map((event) => event.id)),
    );
    expect(planDeliveries(sent, profile).map((delivery) => delivery.events[0]?.n)).toEqual(
      sent.map((event) => event.n),
    );
  });

  it("rotates so that no element stays in place", () => {
    const items = Array.from({ length: randomInt(2, 50) }, (_, index) => index);
    rotateRandomly(items, Math.random);
    items.forEach((item, index) => expect(item).not.toBe(index));
  });

  it("batches events for batching providers: one id per batch, the event's id for a single one", () => {
    const size = randomInt(2, 6);
    const sent = events(size * randomInt(2, 5) + 1);
    const deliveries = groupEvents(sent, size);
    expect(deliveries.map((delivery) => delivery.events.length)).toEqual([
      ...Array.from({ length: deliveries.length - 1 }, () => size),
      1,
    ]);
    expect(deliveries.flatMap((delivery) => delivery.events)).toEqual(sent);
    expect(deliveries.at(-1)?.deliveryId).toBe(sent.at(-1)?.id);
    expect(deliveries[0]?.deliveryId).toMatch(/^dlv_/);
    expect(new Set(deliveries.map((delivery) => delivery.deliveryId)).size).toBe(deliveries.length);
  });
});
