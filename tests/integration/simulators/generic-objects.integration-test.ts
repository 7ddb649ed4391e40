import { randomInt } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startGenericSimulator, type GenericSimulator } from "@/simulators/generic";
import { randomId, randomName } from "../../support/factories";
import { call } from "./support/http";

const objectSchema = z.object({
  id: z.string(),
  type: z.string(),
  version: z.number(),
  attributes: z.record(z.string(), z.unknown()),
  deleted: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const listSchema = z.object({
  data: z.array(z.object({ id: z.string() }).passthrough()),
  hasMore: z.boolean(),
});
const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

describe("generic simulator: objects and events", () => {
  let sim: GenericSimulator;
  const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    call(`${sim.url}${path}`, method, { body, headers });

  beforeAll(async () => {
    sim = await startGenericSimulator();
  });
  afterEach(() => sim.reset());
  afterAll(async () => {
    await sim.close();
  });

  it("creates, reads, updates and deletes an object, one version and one event per change", async () => {
    const type = randomId("customer-");
    const attributes = { name: randomName(), credit: randomInt(1, 10_000) };

    const created = await api("POST", "/v1/objects", { type, attributes });
    expect(created.status).toBe(201);
    const object = objectSchema.parse(created.body);
    expect(object).toMatchObject({ type, version: 1, attributes, deleted: false });
    expect(object.id).toMatch(/^obj_/);

    const read = await api("GET", `/v1/objects/${object.id}`);
    expect(read).toMatchObject({ status: 200, body: object });

    const credit = randomInt(1, 10_000);
    const patched = await api("PATCH", `/v1/objects/${object.id}`, {
      attributes: { credit, tier: "gold" },
    });
    expect(patched).toMatchObject({
      status: 200,
      body: { version: 2, attributes: { name: attributes.name, credit, tier: "gold" } },
    });

    const deleted = await api("DELETE", `/v1/objects/${object.id}`);
    expect(deleted).toMatchObject({ status: 200, body: { version: 3, deleted: true } });
    expect(sim.ledger.objects.get(object.id)).toMatchObject({ version: 3, deleted: true });

    const events = sim.ledger.events.all();
    expect(events.map((event) => [event.type, event.data.object.version])).toEqual([
      ["object.created", 1],
      ["object.updated", 2],
      ["object.deleted", 3],
    ]);
    expect(events[2]?.data.object).toMatchObject({ id: object.id, type, deleted: true });
    expect(await api("PATCH", `/v1/objects/${object.id}`, { attributes: {} })).toMatchObject({
      status: 409,
      body: { error: { code: "object_deleted" } },
    });
  });

  it("answers bad input with 400, unknown ids with 404 and wrong methods with 405", async () => {
    const cases: [string, string, unknown, number, string][] = [
      ["POST", "/v1/objects", { attributes: {} }, 400, "validation_error"],
      ["POST", "/v1/objects", { type: "", attributes: {} }, 400, "validation_error"],
      ["POST", "/v1/objects", { type: "t", attributes: [] }, 400, "validation_error"],
      ["POST", "/v1/objects", { type: "t", colour: "red" }, 400, "validation_error"],
      ["PATCH", `/v1/objects/${randomId("obj_")}`, { attributes: {} }, 404, "not_found"],
      ["GET", `/v1/objects/${randomId("obj_")}`, undefined, 404, "not_found"],
      ["DELETE", `/v1/objects/${randomId("obj_")}`, undefined, 404, "not_found"],
      ["GET", `/v1/events/${randomId("evt_")}`, undefined, 404, "not_found"],
      ["GET", "/v1/objects?limit=0", undefined, 400, "validation_error"],
      ["GET", `/v1/events?starting_after=${randomId("evt_")}`, undefined, 400, "validation_error"],
      ["PUT", "/v1/objects", {}, 405, "method_not_allowed"],
    ];
    for (const [method, path, body, status, code] of cases) {
      const response = await api(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(status);
      expect(errorSchema.parse(response.body).error.code, `${method} ${path}`).toBe(code);
    }
    const raw = await fetch(`${sim.url}/v1/objects`, { method: "POST", body: "{not json" });
    expect(raw.status).toBe(400);
    expect(errorSchema.parse(await raw.json()).error.code).toBe("invalid_json");
    expect(sim.ledger.objects.size).toBe(0);
  });

  it("honours Idempotency-Key: a retry gets the first answer, other parameters get 409", async () => {
    const key = randomId("key-");
    const body = { type: randomId("order-"), attributes: { total: randomInt(1, 1000) } };

    const first = await api("POST", "/v1/objects", body, { "idempotency-key": key });
    const retry = await api("POST", "/v1/objects", body, { "idempotency-key": key });
    const other = await api(
      "POST",
      "/v1/objects",
      { ...body, attributes: { total: -1 } },
      { "idempotency-key": key },
    );

    expect(first.status).toBe(201);
    expect(retry).toMatchObject({ status: 201, body: first.body });
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(other).toMatchObject({
      status: 409,
      body: { error: { code: "idempotency_key_reused" } },
    });
    expect(sim.ledger.objects.size).toBe(1);
    expect(sim.ledger.events.size).toBe(1);

    const id = objectSchema.parse(first.body).id;
    const patchKey = randomId("key-");
    await api(
      "PATCH",
      `/v1/objects/${id}`,
      { attributes: { a: 1 } },
      { "idempotency-key": patchKey },
    );
    await api(
      "PATCH",
      `/v1/objects/${id}`,
      { attributes: { a: 1 } },
      { "idempotency-key": patchKey },
    );
    expect(sim.ledger.objects.get(id)?.version).toBe(2);
  });

  it("lists objects by type and events oldest first, page by page", async () => {
    const types = [randomId("a-"), randomId("b-")];
    const n = randomInt(15, 30);
    const events = sim.generateChanges(n, { types });

    const listed: string[] = [];
    let cursor = "";
    for (;;) {
      const page = listSchema.parse(
        (
          await api(
            "GET",
            `/v1/events?limit=${randomInt(2, 7)}${cursor ? `&starting_after=${cursor}` : ""}`,
          )
        ).body,
      );
      listed.push(...page.data.map((event) => event.id));
      if (!page.hasMore) break;
      cursor = page.data.at(-1)?.id ?? "";
    }
    expect(listed).toEqual(events.map((event) => event.id));

    const [type] = types;
    const ofType = listSchema.parse((await api("GET", `/v1/objects?type=${type}&limit=1000`)).body);
    expect(ofType.data.map((object) => object.id)).toEqual(
      sim.ledger.objects
        .all()
        .filter((object) => object.type === type && !object.deleted)
        .map((object) => object.id),
    );
    const withDeleted = listSchema.parse(
      (await api("GET", "/v1/objects?include_deleted=true&limit=1000")).body,
    );
    expect(withDeleted.data).toHaveLength(sim.ledger.objects.size);
    const updates = listSchema.parse(
      (await api("GET", "/v1/events?type=object.updated&limit=1000")).body,
    );
    expect(updates.data.map((event) => event.id)).toEqual(
      events.filter((event) => event.type === "object.updated").map((event) => event.id),
    );
  });

  it("shows the same ledger and received requests over HTTP as in-process", async () => {
    sim.generateChanges(randomInt(3, 10));
    await api("GET", `/v1/${randomId("things-")}`);

    const ledger = await api("GET", "/__simulator/ledger");
    expect(ledger.body).toEqual(JSON.parse(JSON.stringify(sim.ledger.snapshot())));
    const [object] = sim.ledger.objects.all();
    expect((await api("GET", `/__simulator/ledger/objects/${object?.id ?? ""}`)).body).toEqual(
      object,
    );
    const page = await api("GET", "/__simulator/ledger/events?limit=2");
    expect(listSchema.parse(page.body).data.map((event) => event.id)).toEqual(
      sim.ledger.events
        .all()
        .slice(0, 2)
        .map((event) => event.id),
    );
    expect((await api("GET", "/__simulator/ledger/nothing")).status).toBe(404);

    const requests = await api("GET", "/__simulator/requests");
    expect(requests.body).toEqual({ data: JSON.parse(JSON.stringify(sim.received)) });
    expect(sim.received).toHaveLength(1);
    expect((await api("DELETE", "/__simulator/requests")).status).toBe(200);
    expect(sim.received).toHaveLength(0);
  });

  it("answers any other path like the fault simulator always did", async () => {
    const path = `/v1/${randomId("charges-")}/${randomId()}`;
    expect(await api("GET", path)).toMatchObject({ status: 200, body: { ok: true, seq: 1 } });
    expect(await api("POST", path, { a: 1 })).toMatchObject({
      status: 200,
      body: { ok: true, seq: 2 },
    });
    expect(
      sim.received.map((request) => [request.seq, request.method, request.path, request.body]),
    ).toEqual([
      [1, "GET", path, ""],
      [2, "POST", path, JSON.stringify({ a: 1 })],
    ]);
  });
});
