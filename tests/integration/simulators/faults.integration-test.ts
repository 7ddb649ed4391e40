import { randomInt } from "node:crypto";
import http from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startGenericSimulator, type GenericSimulator } from "@/simulators/generic";
import { startFaultSimulator } from "@/simulators/fault/server";
import { randomId } from "../../support/factories";
import { call } from "./support/http";

/** Resolves with the error a request ends in (the connection dropped), or fails the test if it is answered. */
function requestError(url: string, init: RequestInit): Promise<unknown> {
  return fetch(url, init).then(
    (response) => {
      throw new Error(`expected no answer, got ${response.status}`);
    },
    (error: unknown) => error,
  );
}

describe("faults over HTTP and in-process", () => {
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

  it("scripts statuses, Retry-After and rate-limit headers per method and path", async () => {
    const path = `/v1/${randomId("refunds-")}`;
    const reset = randomInt(1_900_000_000, 2_000_000_000);
    const scripted = await api("POST", "/__simulator/faults", {
      method: "POST",
      path,
      steps: [
        { status: 429, retryAfter: 7, rateLimit: { limit: 100, remaining: 0, reset } },
        { status: 503, retryAfter: "2030-01-02T03:04:05Z" },
      ],
    });
    expect(scripted.status).toBe(201);

    const first = await api("POST", path, {});
    const other = await api("GET", path);
    const second = await api("POST", path, {});
    const third = await api("POST", path, {});

    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("7");
    expect(first.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(first.headers.get("x-ratelimit-reset")).toBe(String(reset));
    expect(other).toMatchObject({ status: 200, body: { ok: true } });
    expect(second.status).toBe(503);
    expect(second.headers.get("retry-after")).toBe(new Date("2030-01-02T03:04:05Z").toUTCString());
    expect(third).toMatchObject({ status: 200, body: { ok: true, seq: 4 } });
  });

  it("sets a default, repeats a last step, matches patterns, and forgets on DELETE", async () => {
    await api("POST", "/__simulator/faults", { default: { status: 502 } });
    await api("POST", "/__simulator/faults", {
      pathPattern: "^/v1/objects",
      steps: [{ status: 500 }],
      repeatLast: true,
    });
    const state = await api("GET", "/__simulator/faults");
    expect(state.body).toMatchObject({
      default: { status: 502 },
      scripts: [{ pathPattern: new RegExp("^/v1/objects").source }],
    });

    const statuses = [];
    for (let n = 0; n < randomInt(2, 5); n += 1)
      statuses.push((await api("GET", "/v1/objects")).status);
    expect(new Set(statuses)).toEqual(new Set([500]));
    expect((await api("GET", "/v1/anything")).status).toBe(502);

    expect((await api("DELETE", "/__simulator/faults")).status).toBe(200);
    expect((await api("GET", "/v1/objects")).status).toBe(200);
    expect(sim.received.every((request) => !request.path.startsWith("/__simulator"))).toBe(true);
    expect(
      (await api("POST", "/__simulator/faults", { steps: [{ action: "explode" }] })).status,
    ).toBe(400);
  });

  it("decorates the simulator's own answer when a step has no status, and echoes on request", async () => {
    sim.faults.script([
      { headers: { "x-extra": "1" }, rateLimit: { limit: 10, remaining: 9, reset: 1 } },
    ]);
    const created = await api("POST", "/v1/objects", { type: "t" });
    expect(created.status).toBe(201);
    expect(created.headers.get("x-extra")).toBe("1");
    expect(created.headers.get("x-ratelimit-remaining")).toBe("9");

    const marker = randomId();
    sim.faults.script([{ echo: true, status: 202, body: { marker } }]);
    const echoed = await api("POST", "/v1/things", { marker }, { "x-marker": marker });
    expect(echoed).toMatchObject({
      status: 202,
      body: {
        marker,
        received: { method: "POST", path: "/v1/things", body: JSON.stringify({ marker }) },
      },
    });
    expect(
      z
        .object({ received: z.object({ headers: z.record(z.string(), z.string()) }) })
        .parse(echoed.body).received.headers["x-marker"],
    ).toBe(marker);
    expect(sim.ledger.objects.size).toBe(1);
  });

  it("answers 500 to a step whose header Node refuses, and keeps serving", async () => {
    sim.faults.script([{ status: 200, headers: { "bad header": "x" } }]);
    const refused = await api("GET", "/v1/things");
    expect(refused).toMatchObject({ status: 500, body: { error: { code: "simulator_error" } } });
    expect(await api("GET", "/v1/things")).toMatchObject({ status: 200, body: { ok: true } });
  });

  it("resets the connection before any effect", async () => {
    sim.faults.script([{ action: "reset" }], { method: "POST", path: "/v1/objects" });
    await requestError(`${sim.url}/v1/objects`, {
      method: "POST",
      body: JSON.stringify({ type: "t" }),
    });
    expect(sim.ledger.objects.size).toBe(0);
    expect(sim.received).toHaveLength(1);
  });

  it("drops the answer after commit: the object exists, and a retry with the key gets it back", async () => {
    await api("POST", "/__simulator/faults", {
      method: "POST",
      path: "/v1/objects",
      steps: [{ action: "drop-after-commit" }],
    });
    const key = randomId("key-");
    const body = JSON.stringify({
      type: randomId("payment-"),
      attributes: { amount: randomInt(1, 100_000) },
    });
    const init = {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "idempotency-key": key },
    };

    await requestError(`${sim.url}/v1/objects`, init);
    const [committed] = sim.ledger.objects.all();
    expect(sim.ledger.objects.size).toBe(1);
    expect(sim.ledger.events.all().map((event) => [event.type, event.data.object.id])).toEqual([
      ["object.created", committed?.id],
    ]);

    const retry = await fetch(`${sim.url}/v1/objects`, init);
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await retry.json()).toEqual(committed);
    expect(sim.ledger.objects.size).toBe(1);
    expect(sim.ledger.events.size).toBe(1);
  });

  it("closes without waiting for a request that hangs or waits out its latency", async () => {
    const hanging = await startGenericSimulator();
    hanging.faults.script([{ action: "hang" }, { latencyMs: 600_000 }]);
    const arrived = new Promise<void>((resolve) => {
      const poll = () => (hanging.received.length >= 2 ? resolve() : setImmediate(poll));
      poll();
    });
    const errors = [
      requestError(`${hanging.url}/v1/slow`, {}),
      requestError(`${hanging.url}/v1/slower`, {}),
    ];
    await arrived;
    await hanging.close();
    expect(await Promise.all(errors)).toHaveLength(2);
  });

  it("keeps the fault simulator's API on top of the generic simulator", async () => {
    const fault = await startFaultSimulator();
    try {
      fault.script([{ status: 503 }], { path: "/v1/charges" });
      const get = (path: string) =>
        new Promise<number>((resolve, reject) =>
          http
            .get(`${fault.url}${path}`, (res) => {
              res.resume();
              resolve(res.statusCode ?? 0);
            })
            .on("error", reject),
        );
      expect(await get("/v1/charges")).toBe(503);
      expect(await get("/v1/charges")).toBe(200);
      expect(fault.received.map((request) => request.seq)).toEqual([1, 2]);
      fault.reset();
      expect(fault.received).toHaveLength(0);
      expect(await get("/v1/charges")).toBe(200);
      expect(fault.received.map((request) => request.seq)).toEqual([1]);
      expect(fault.simulator.url).toBe(fault.url);
    } finally {
      await fault.close();
    }
  });
});
