import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Collection, EventLog, Ledger, type SimEvent } from "@/simulators/host/ledger";
import { randomId } from "../../support/factories";

interface Row {
  id: string;
  even: boolean;
}

function filled(count: number) {
  const collection = new Collection<Row>("rows");
  const rows = Array.from({ length: count }, (_, n) => ({
    id: randomId("row_"),
    even: n % 2 === 0,
  }));
  for (const row of rows) collection.insert(row);
  return { collection, rows };
}

describe("ledger collections", () => {
  it("pages in insertion order with a starting_after cursor", () => {
    const { collection, rows } = filled(randomInt(20, 60));
    const limit = randomInt(3, 8);
    const seen: Row[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = collection.page({ limit, startingAfter: cursor });
      if ("unknownCursor" in page) throw new Error("cursor lost");
      seen.push(...page.data);
      cursor = page.data.at(-1)?.id;
      if (!page.hasMore) break;
    }
    expect(seen).toEqual(rows);
  });

  it("filters pages, says when a cursor is unknown, and refuses duplicate ids", () => {
    const { collection, rows } = filled(randomInt(10, 20));
    const page = collection.page({ limit: 1_000, filter: (row) => row.even });
    expect(page).toEqual({ data: rows.filter((row) => row.even), hasMore: false });
    const unknown = randomId("row_");
    expect(collection.page({ limit: 1, startingAfter: unknown })).toEqual({
      unknownCursor: unknown,
    });
    expect(() => collection.insert({ id: rows[0]?.id ?? "", even: true })).toThrow(
      /already exists/,
    );
  });

  it("replaces a record in place and keeps the old object as it was", () => {
    const { collection, rows } = filled(5);
    const old = rows[2];
    if (!old) throw new Error("no row");
    collection.replace({ ...old, even: !old.even });
    expect(collection.get(old.id)?.even).toBe(!old.even);
    expect(collection.all()[2]?.id).toBe(old.id);
    expect(() => collection.replace({ id: randomId("row_"), even: true })).toThrow(/no record/);
  });

  it("tells listeners about appended events, and a ledger serves collections by name", () => {
    class TestLedger extends Ledger {
      readonly rows = this.collection<Row>("rows");
    }
    const ledger = new TestLedger();
    const heard: SimEvent[] = [];
    const stop = ledger.events.onAppend((event) => heard.push(event));
    const event = { id: randomId("evt_"), type: "row.created" };
    ledger.events.append(event);
    stop();
    ledger.events.append({ id: randomId("evt_"), type: "row.created" });
    ledger.rows.insert({ id: randomId("row_"), even: true });

    expect(heard).toEqual([event]);
    expect(ledger.collectionNames()).toEqual(["rows", "events"]);
    expect(ledger.lookup("rows")).toBe(ledger.rows);
    expect(ledger.lookup("events")).toBeInstanceOf(EventLog);
    expect(ledger.snapshot().collections.rows).toHaveLength(1);
    ledger.clear();
    expect(ledger.snapshot()).toEqual({ collections: { rows: [] }, events: [] });
  });
});
