import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateChanges } from "@/simulators/generic/bulk";
import { GenericLedger, type GenericEvent, type GenericObject } from "@/simulators/generic/ledger";
import { randomId } from "../../support/factories";

/** What a console would hold after applying every event in order. */
function replay(events: readonly GenericEvent[]) {
  const objects = new Map<string, GenericEvent["data"]["object"]>();
  for (const event of events) objects.set(event.data.object.id, event.data.object);
  return objects;
}

function withoutCreatedAt({ createdAt: _createdAt, ...rest }: GenericObject) {
  return rest;
}

describe("generic simulator ledger", () => {
  it("versions every change and emits one event per change with the object's new state", () => {
    const ledger = new GenericLedger(Date.now);
    const type = randomId("type-");
    const amount = randomInt(1, 1_000);

    const created = ledger.create(type, { amount, name: randomId() });
    const updated = ledger.update(created, { amount: amount + 1 });
    const deleted = ledger.remove(updated);

    expect([created.version, updated.version, deleted.version]).toEqual([1, 2, 3]);
    expect(updated.attributes).toEqual({ ...created.attributes, amount: amount + 1 });
    expect(deleted.deleted).toBe(true);
    expect(created.deleted).toBe(false);
    expect(ledger.events.all().map((event) => event.type)).toEqual([
      "object.created",
      "object.updated",
      "object.deleted",
    ]);
    const [first] = ledger.events.all();
    expect(first?.id).toMatch(/^evt_/);
    expect(Date.parse(first?.timestamp ?? "")).not.toBeNaN();
    expect(first?.data.object).toEqual(withoutCreatedAt(created));
    expect(ledger.objects.get(created.id)).toEqual(deleted);
  });

  it("generates exactly n changes whose events, replayed, rebuild the ledger", () => {
    const ledger = new GenericLedger(Date.now);
    const n = randomInt(200, 500);
    const types = [randomId("a-"), randomId("b-")];

    const events = generateChanges(ledger, n, { types });

    expect(events).toHaveLength(n);
    expect(new Set(events.map((event) => event.id)).size).toBe(n);
    expect(ledger.events.all()).toEqual(events);
    for (const object of ledger.objects.all()) expect(types).toContain(object.type);
    expect(replay(events)).toEqual(
      new Map(ledger.objects.all().map((object) => [object.id, withoutCreatedAt(object)])),
    );
    const kinds = new Set(events.map((event) => event.type));
    expect(kinds).toEqual(new Set(["object.created", "object.updated", "object.deleted"]));
  });

  it("only creates when the mix says so, and continues from the objects already there", () => {
    const ledger = new GenericLedger(Date.now);
    generateChanges(ledger, 10, { mix: { create: 1, update: 0, delete: 0 } });
    expect(ledger.objects.size).toBe(10);
    const more = generateChanges(ledger, 20, { mix: { create: 0, update: 1, delete: 0 } });
    expect(more.every((event) => event.type === "object.updated")).toBe(true);
    expect(ledger.objects.size).toBe(10);
    expect(() => generateChanges(ledger, 1, { mix: { create: 0, update: 0, delete: 0 } })).toThrow(
      RangeError,
    );
  });
});
