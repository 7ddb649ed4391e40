import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import type { ProviderDefinition } from "@/lib/integrations/core/config-schema";
import type { IntegrationCore } from "@/lib/integrations/core/core";
import { IntegrationError } from "@/lib/integrations/core/errors";
import { createRestClient } from "@/lib/integrations/core/rest-client";
import { fullJitterBound } from "@/lib/integrations/core/retry-rules";
import { startFaultSimulator, type FaultSimulator } from "@/simulators/fault/server";
import { randomEmail } from "../../support/factories";
import { makeCore, simProvider, virtualClock } from "./support/harness";

// Real time also passes between requests (loopback I/O); allow for it on top of the virtual delays.
const REAL_SLACK_MS = 250;

describe("retry and backoff", () => {
  let sim: FaultSimulator;
  let clock: ReturnType<typeof virtualClock>;
  let cores: IntegrationCore[] = [];

  beforeAll(async () => {
    clock = virtualClock();
    sim = await startFaultSimulator({ clock });
  });
  afterEach(async () => {
    await Promise.all(cores.map((core) => core.shutdown()));
    cores = [];
    sim.reset();
  });
  afterAll(async () => {
    await sim.close();
  });

  function setup(overrides: Parameters<typeof simProvider>[1] = {}, random?: () => number) {
    const provider: ProviderDefinition = simProvider(sim.url, overrides);
    const core = makeCore([provider], { clock, random, rateLimitStore: "memory" });
    cores.push(core);
    return { provider, core, client: createRestClient(provider.name, core) };
  }

  async function failure(promise: Promise<unknown>): Promise<IntegrationError> {
    const error = await promise.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(IntegrationError);
    if (!(error instanceof IntegrationError)) throw new Error("expected an IntegrationError");
    return error;
  }

  it("succeeds on the third attempt after two 503s, with delays inside the full-jitter bounds", async () => {
    const base = 1_000 + Math.floor(Math.random() * 1_000);
    const { client } = setup({ retry: { maxAttempts: 3, baseDelayMs: base, maxDelayMs: 60_000 } });
    sim.script([{ status: 503 }, { status: 503 }, { status: 200, body: { id: "ok" } }]);

    const result = await client.get("/v1/things");

    expect(result.status).toBe(200);
    expect(result.attempts).toBe(3);
    expect(sim.received).toHaveLength(3);
    const [first, second, third] = sim.received.map((request) => request.at);
    const gaps = [(second ?? 0) - (first ?? 0), (third ?? 0) - (second ?? 0)];
    gaps.forEach((gap, index) => {
      expect(gap).toBeGreaterThanOrEqual(0);
      expect(gap).toBeLessThanOrEqual(fullJitterBound(index + 1, base, 60_000) + REAL_SLACK_MS);
    });
  });

  it("waits the full bound when the jitter draws its maximum, and grows it exponentially", async () => {
    const base = 500 + Math.floor(Math.random() * 500);
    const { client } = setup(
      { retry: { maxAttempts: 4, baseDelayMs: base, maxDelayMs: 3 * base } },
      () => 0.999_999,
    );
    sim.script([{ status: 500 }, { status: 502 }, { status: 504 }]);
    const sleptBefore = clock.slept.length;

    await client.get("/v1/things");

    expect(clock.slept.slice(sleptBefore)).toEqual([base - 1, 2 * base - 1, 3 * base - 1]);
  });

  it("honours Retry-After in seconds: nothing is sent earlier", async () => {
    const { client } = setup({ retry: { baseDelayMs: 10, maxDelayMs: 20 } });
    sim.script([{ status: 429, retryAfter: 7 }, { status: 200 }]);

    await client.get("/v1/limited");

    const [first, second] = sim.received;
    expect(second).toBeDefined();
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(7_000);
  });

  it("honours Retry-After as an HTTP-date: nothing is sent earlier", async () => {
    const { client } = setup({ retry: { baseDelayMs: 10, maxDelayMs: 20 } });
    const notBefore = new Date(clock.now() + 9_000);
    sim.script([{ status: 503, retryAfter: notBefore }, { status: 200 }]);

    await client.get("/v1/limited");

    const second = sim.received[1];
    expect(second).toBeDefined();
    // The header has whole-second precision; the retry must not come before the instant it names.
    expect(second?.at ?? 0).toBeGreaterThanOrEqual(Date.parse(notBefore.toUTCString()));
    expect((second?.at ?? 0) - (sim.received[0]?.at ?? 0)).toBeGreaterThan(7_000);
  });

  it("attempts a POST without an idempotency key exactly once", async () => {
    const { client } = setup();
    sim.setDefault({ status: 503 });

    const error = await failure(client.post("/v1/refunds", { body: { amount: 100 } }));

    expect(sim.received).toHaveLength(1);
    expect(error.code).toBe("PROVIDER_UNAVAILABLE");
    expect(error.httpStatus).toBe(503);
    expect(error.retryable).toBe(true);
  });

  it("sends the same idempotency key on every attempt of a keyed POST", async () => {
    const { client } = setup({ retry: { maxAttempts: 3, baseDelayMs: 50 } });
    const key = randomUUID();
    sim.script([{ status: 503 }, { action: "reset" }, { status: 201 }]);

    const result = await client.post("/v1/refunds", { body: { amount: 100 }, idempotencyKey: key });

    expect(result.status).toBe(201);
    expect(sim.received.map((request) => request.headers["idempotency-key"])).toEqual([
      key,
      key,
      key,
    ]);
  });

  it.each([400, 401, 402, 403, 404, 422])("never retries a %i", async (status) => {
    const { client } = setup();
    sim.setDefault({ status, body: { error: { code: `code_${status}`, message: "nope" } } });

    const error = await failure(client.get("/v1/things"));

    expect(sim.received).toHaveLength(1);
    expect(error.httpStatus).toBe(status);
    expect(error.providerCode).toBe(`code_${status}`);
    expect(error.retryable).toBe(false);
  });

  it("retries a 409 only when the provider's retry hint says so, and never against a 'false' hint", async () => {
    const { client } = setup({
      headers: { retryHint: "Stripe-Should-Retry" },
      retry: { baseDelayMs: 10 },
    });
    sim.script([{ status: 409 }]);
    await failure(client.get("/v1/conflict"));
    expect(sim.received).toHaveLength(1);

    sim.reset();
    sim.script([{ status: 409, headers: { "Stripe-Should-Retry": "true" } }, { status: 200 }]);
    expect((await client.get("/v1/conflict")).status).toBe(200);
    expect(sim.received).toHaveLength(2);

    sim.reset();
    sim.script([{ status: 503, headers: { "Stripe-Should-Retry": "false" } }, { status: 200 }]);
    await failure(client.get("/v1/conflict"));
    expect(sim.received).toHaveLength(1);
  });

  it("retries reset connections and requests that never answer, within the per-attempt timeout", async () => {
    const { client } = setup({
      timeouts: { attemptMs: 300 },
      retry: { maxAttempts: 3, baseDelayMs: 10 },
    });
    sim.script([{ action: "reset" }, { action: "hang" }, { status: 200 }]);

    const result = await client.get("/v1/flaky");

    expect(result.attempts).toBe(3);
    expect(sim.received).toHaveLength(3);
  });

  it("gives up with TIMEOUT when every attempt hangs", async () => {
    const { client } = setup({
      timeouts: { attemptMs: 200 },
      retry: { maxAttempts: 2, baseDelayMs: 10 },
    });
    sim.setDefault({ action: "hang" });

    const error = await failure(client.get("/v1/slow"));

    expect(error.code).toBe("TIMEOUT");
    expect(error.kind).toBe("timeout");
    expect(sim.received).toHaveLength(2);
  });

  it("times a hanging request out at a long per-attempt limit", async () => {
    const { client, core, provider } = setup({
      timeouts: { attemptMs: 5_000 },
      retry: { maxAttempts: 1 },
    });
    sim.setDefault({ action: "hang" });

    const started = performance.now();
    const error = await failure(client.get("/v1/slow", { operation: "things.slow" }));
    const elapsed = performance.now() - started;

    expect(error.code).toBe("TIMEOUT");
    expect(error.kind).toBe("timeout");
    expect(elapsed).toBeGreaterThanOrEqual(5_000);
    expect(elapsed).toBeLessThan(7_000);
    await core.flush();
    const rows = await getDb().apiCall.findMany({ where: { provider: provider.name } });
    expect(rows.map((row) => [row.outcome, row.errorCode])).toEqual([
      ["TIMEOUT", "ATTEMPT_TIMEOUT"],
    ]);
  }, 15_000);

  it("cuts a hanging attempt at the call's deadline when that comes before the per-attempt limit", async () => {
    const { client, core, provider } = setup({ timeouts: { attemptMs: 5_000 } });
    sim.setDefault({ action: "hang" });

    const started = performance.now();
    const error = await failure(client.get("/v1/slow", { deadlineMs: 300 }));

    expect(error.kind).toBe("deadline");
    expect(performance.now() - started).toBeLessThan(2_000);
    await core.flush();
    const rows = await getDb().apiCall.findMany({ where: { provider: provider.name } });
    expect(rows.map((row) => row.errorCode)).toEqual(["DEADLINE_EXCEEDED"]);
  });

  it("lets the caller cancel a hanging request", async () => {
    const { client } = setup({ timeouts: { attemptMs: 5_000 }, retry: { maxAttempts: 3 } });
    sim.setDefault({ action: "hang" });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);

    const started = performance.now();
    const error = await failure(client.get("/v1/slow", { signal: controller.signal }));

    expect(error.kind).toBe("aborted");
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(sim.received).toHaveLength(1);
  });

  it("keeps total attempts within the retry budget during a long outage", async () => {
    const calls = 40 + Math.floor(Math.random() * 20);
    const budget = { budgetRatio: 0.2, budgetMinRetries: 3, budgetWindowMs: 3_600_000 };
    const { client } = setup({
      retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 10, ...budget },
      // A breaker that never opens here, so the budget alone limits the traffic.
      breaker: { minimumCalls: 1_000, windowSize: 1_000 },
    });
    sim.setDefault({ status: 503 });

    for (let index = 0; index < calls; index++) await failure(client.get("/v1/outage"));

    const allowedRetries = budget.budgetMinRetries + budget.budgetRatio * calls;
    expect(sim.received.length).toBeGreaterThan(calls);
    expect(sim.received.length).toBeLessThanOrEqual(calls + allowedRetries);
    expect(sim.received.length).toBeLessThan(calls * 4);
  });

  it("stops retrying when the next wait would pass the deadline", async () => {
    const { client } = setup({ retry: { maxAttempts: 5, baseDelayMs: 10 } });
    sim.setDefault({ status: 503, retryAfter: 20 });

    const error = await failure(client.get("/v1/later", { deadlineMs: 5_000 }));

    expect(sim.received).toHaveLength(1);
    expect(error.retryAfterSeconds).toBe(20);
  });

  it("logs one API-call row per attempt with the call's identifiers", async () => {
    const { client, core, provider } = setup({ retry: { maxAttempts: 3, baseDelayMs: 10 } });
    const key = randomUUID();
    const correlationId = randomUUID();
    const actor = { id: randomUUID(), email: randomEmail() };
    sim.script([{ status: 500 }, { status: 200, headers: { "X-Request-Id": "req_123" } }]);

    const before = Date.now();
    await client.post("/v1/charges", {
      body: { amount: 5 },
      idempotencyKey: key,
      correlationId,
      actor,
      operation: "charges.create",
    });
    await core.flush();

    const rows = await getDb().apiCall.findMany({
      where: { provider: provider.name },
      orderBy: { attempt: "asc" },
    });
    expect(rows.map((row) => [row.attempt, row.status, row.outcome])).toEqual([
      [1, 500, "HTTP_ERROR"],
      [2, 200, "SUCCESS"],
    ]);
    for (const row of rows) {
      expect(row).toMatchObject({
        operation: "charges.create",
        method: "POST",
        path: "/v1/charges",
        idempotencyKey: key,
        correlationId,
        actorId: actor.id,
        actorEmail: actor.email,
        requestBody: { amount: 5 },
      });
      expect(row.durationMs).toBeGreaterThanOrEqual(0);
      // The virtual clock runs ahead by the backoff it skipped, never behind.
      expect(row.createdAt.getTime()).toBeGreaterThanOrEqual(before);
    }
    expect(rows[0]?.providerRequestId).toBeNull();
    expect(rows[1]?.providerRequestId).toBe("req_123");
  });
});
