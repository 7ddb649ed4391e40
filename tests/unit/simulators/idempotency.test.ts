import { randomInt } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { IdempotencyStore, requestFingerprint } from "@/simulators/host/idempotency";
import type { SimResponse } from "@/simulators/host/module";
import { randomId } from "../../support/factories";

const errors = {
  mismatch: (): SimResponse => ({ status: 409, body: { error: "mismatch" } }),
  inFlight: (): SimResponse => ({ status: 409, body: { error: "in flight" } }),
};

describe("idempotency keys", () => {
  it("fingerprints method, path and parameters, ignoring key order and the query", () => {
    const amount = randomInt(1, 10_000);
    const a = requestFingerprint("post", "/v1/objects?x=1", {
      type: "t",
      attributes: { amount, b: 1 },
    });
    const b = requestFingerprint("POST", "/v1/objects", {
      attributes: { b: 1, amount },
      type: "t",
    });
    expect(a).toBe(b);
    expect(
      requestFingerprint("PATCH", "/v1/objects", { type: "t", attributes: { amount, b: 1 } }),
    ).not.toBe(a);
    expect(
      requestFingerprint("POST", "/v1/other", { type: "t", attributes: { amount, b: 1 } }),
    ).not.toBe(a);
    expect(
      requestFingerprint("POST", "/v1/objects", {
        type: "t",
        attributes: { amount: amount + 1, b: 1 },
      }),
    ).not.toBe(a);
  });

  it("runs the first request, replays its answer to a retry, and refuses other parameters", async () => {
    const store = new IdempotencyStore();
    const key = randomId("key-");
    const produce = vi.fn((): SimResponse => ({ status: 201, body: { id: randomId("obj_") } }));

    const first = await store.run(key, "fingerprint-a", produce, errors);
    const retry = await store.run(key, "fingerprint-a", produce, errors);
    const other = await store.run(key, "fingerprint-b", produce, errors);

    expect(produce).toHaveBeenCalledTimes(1);
    expect(first.replayed).toBe(false);
    expect(retry).toEqual({ response: first.response, replayed: true });
    expect(other).toEqual({ response: errors.mismatch(), replayed: false });
  });

  it("runs every request without a key, and keeps keys apart", async () => {
    const store = new IdempotencyStore();
    const produce = vi.fn((): SimResponse => ({ status: 201 }));
    await store.run(undefined, "f", produce, errors);
    await store.run(undefined, "f", produce, errors);
    await store.run(randomId("key-"), "f", produce, errors);
    await store.run(randomId("key-"), "f", produce, errors);
    expect(produce).toHaveBeenCalledTimes(4);
  });

  it("refuses a retry while the first request is still running", () => {
    const store = new IdempotencyStore();
    const key = randomId("key-");
    expect(store.begin(key, "f")).toEqual({ kind: "new" });
    expect(store.begin(key, "f")).toEqual({ kind: "in_flight" });
    expect(store.begin(key, "g")).toEqual({ kind: "mismatch" });
    const response = { status: 200, body: { n: randomInt(100) } };
    store.complete(key, response);
    expect(store.begin(key, "f")).toEqual({ kind: "replay", response });
  });

  it("lets a key run again when its first request failed without an answer", async () => {
    const store = new IdempotencyStore();
    const key = randomId("key-");
    await expect(
      store.run(key, "f", () => Promise.reject(new Error("boom")), errors),
    ).rejects.toThrow("boom");
    const again = await store.run(key, "f", () => ({ status: 201 }), errors);
    expect(again).toEqual({ response: { status: 201 }, replayed: false });
  });
});
