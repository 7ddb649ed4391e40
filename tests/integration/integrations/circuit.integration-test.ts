import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { forceCircuit, resetCircuit } from "@/lib/integrations/circuit-admin";
import type { ProviderDefinition } from "@/lib/integrations/core/config-schema";
import type { IntegrationCore } from "@/lib/integrations/core/core";
import { IntegrationError } from "@/lib/integrations/core/errors";
import { getCircuitStatuses, getCircuitTransitions } from "@/lib/integrations/core/health";
import { createRestClient } from "@/lib/integrations/core/rest-client";
import { startFaultSimulator, type FaultSimulator } from "@/simulators/fault/server";
import { randomEmail } from "../../support/factories";
import { adminActor, makeCore, median, simProvider } from "./support/harness";

const HALF_OPEN_AFTER_MS = 30_000;

describe("circuit breaker", () => {
  let sim: FaultSimulator;
  let cores: IntegrationCore[] = [];

  beforeAll(async () => {
    sim = await startFaultSimulator();
  });
  beforeEach(() => {
    // Only Date is faked (and keeps ticking), so the open period can be skipped without waiting
    // while sockets, the database and timers run for real.
    vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await Promise.all(cores.map((core) => core.shutdown()));
    cores = [];
    sim.reset();
  });
  afterAll(async () => {
    await sim.close();
  });

  function setup(overrides: Parameters<typeof simProvider>[1] = {}, provider?: ProviderDefinition) {
    const definition =
      provider ??
      simProvider(sim.url, {
        retry: { maxAttempts: 1 },
        breaker: {
          failureRateThreshold: 0.5,
          minimumCalls: 10,
          windowSize: 20,
          halfOpenAfterMs: HALF_OPEN_AFTER_MS,
          halfOpenMaxCalls: 3,
          ...overrides.breaker,
        },
        ...overrides,
      });
    const core = makeCore([definition], { rateLimitStore: "memory" });
    cores.push(core);
    return { definition, core, client: createRestClient(definition.name, core) };
  }

  async function settle(promise: Promise<unknown>): Promise<unknown> {
    return promise.then(
      () => "ok",
      (error: unknown) => error,
    );
  }

  async function openIt(client: ReturnType<typeof createRestClient>, calls = 10) {
    sim.setDefault({ status: 503 });
    for (let index = 0; index < calls; index++) await settle(client.get("/v1/fail"));
  }

  it("stays closed below the minimum number of calls and opens past the failure threshold", async () => {
    const { client, core, definition } = setup();
    await openIt(client, 9);
    expect((await core.runtime(definition.name)).circuit.effectiveState()).toBe("CLOSED");

    await settle(client.get("/v1/fail"));

    expect(sim.received).toHaveLength(10);
    expect((await core.runtime(definition.name)).circuit.effectiveState()).toBe("OPEN");
  });

  it("does not open while the failure rate stays under the threshold", async () => {
    const { client, core, definition } = setup();
    for (let index = 0; index < 20; index++) {
      sim.script([{ status: index % 3 === 0 ? 503 : 200 }]);
      await settle(client.get("/v1/mixed"));
    }
    expect(sim.received).toHaveLength(20);
    expect((await core.runtime(definition.name)).circuit.effectiveState()).toBe("CLOSED");
  });

  it("opens on the slow-call rate too", async () => {
    const { client, core, definition } = setup({
      breaker: { slowCallMs: 40, slowCallRateThreshold: 0.5, minimumCalls: 4, windowSize: 10 },
    });
    sim.setDefault({ status: 200, latencyMs: 80 });
    for (let index = 0; index < 4; index++) await client.get("/v1/slow");
    expect((await core.runtime(definition.name)).circuit.effectiveState()).toBe("OPEN");
  });

  it("sends nothing while open and fails fast with a clear error", async () => {
    const { client } = setup();
    await openIt(client);
    sim.reset();
    sim.setDefault({ status: 200 });

    const durations: number[] = [];
    let last: unknown;
    for (let index = 0; index < 200; index++) {
      const started = performance.now();
      last = await settle(client.get("/v1/anything"));
      durations.push(performance.now() - started);
    }

    expect(sim.received).toHaveLength(0);
    expect(last).toBeInstanceOf(IntegrationError);
    if (!(last instanceof IntegrationError)) return;
    expect(last.code).toBe("PROVIDER_UNAVAILABLE");
    expect(last.kind).toBe("circuit_open");
    expect(last.message).toMatch(/temporarily unavailable \(circuit open\)/);
    expect(last.retryAfterSeconds).toBeGreaterThan(0);
    expect(median(durations)).toBeLessThan(5);
  });

  it("lets exactly the configured number of trial calls through when half-open, and closes on success", async () => {
    const { client, core, definition } = setup();
    await openIt(client);
    sim.reset();
    sim.setDefault({ status: 200, latencyMs: 100 });
    vi.setSystemTime(Date.now() + HALF_OPEN_AFTER_MS + 1);

    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () => settle(client.get("/v1/trial"))),
    );

    expect(sim.received).toHaveLength(definition.breaker.halfOpenMaxCalls);
    expect(outcomes.filter((outcome) => outcome === "ok")).toHaveLength(
      definition.breaker.halfOpenMaxCalls,
    );
    expect(
      outcomes.filter(
        (outcome) => outcome instanceof IntegrationError && outcome.kind === "circuit_open",
      ),
    ).toHaveLength(50 - definition.breaker.halfOpenMaxCalls);
    expect((await core.runtime(definition.name)).circuit.effectiveState()).toBe("CLOSED");
    expect(await settle(client.get("/v1/after"))).toBe("ok");
  });

  it("reopens when a half-open trial fails", async () => {
    const { client, core, definition } = setup();
    await openIt(client);
    sim.reset();
    sim.setDefault({ status: 503, latencyMs: 50 });
    vi.setSystemTime(Date.now() + HALF_OPEN_AFTER_MS + 1);

    await Promise.all(Array.from({ length: 50 }, () => settle(client.get("/v1/trial"))));

    expect(sim.received.length).toBeGreaterThanOrEqual(1);
    expect(sim.received.length).toBeLessThanOrEqual(definition.breaker.halfOpenMaxCalls);
    expect((await core.runtime(definition.name)).circuit.effectiveState()).toBe("OPEN");
    sim.reset();
    await settle(client.get("/v1/after"));
    expect(sim.received).toHaveLength(0);
  });

  it("records each transition once, and a restarted process keeps an open circuit open", async () => {
    const { client, core, definition } = setup();
    await openIt(client);
    await core.flush();

    const transitions = await getCircuitTransitions({ provider: definition.name });
    expect(transitions.map((row) => [row.fromState, row.toState])).toEqual([["CLOSED", "OPEN"]]);

    // A new core is what a restarted (or another) process would build from the same database.
    const restarted = setup({}, definition);
    sim.reset();
    const error = await settle(restarted.client.get("/v1/after-restart"));
    expect(sim.received).toHaveLength(0);
    expect(error).toBeInstanceOf(IntegrationError);
    const statuses = await getCircuitStatuses({ core: restarted.core });
    expect(statuses.find((status) => status.provider === definition.name)?.state).toBe("OPEN");

    // And it resumes the breaker itself: after the open period, half-open trials go out and close it.
    sim.setDefault({ status: 200 });
    vi.setSystemTime(Date.now() + HALF_OPEN_AFTER_MS + 1);
    for (let index = 0; index < definition.breaker.halfOpenMaxCalls; index++) {
      await restarted.client.get("/v1/trial");
    }
    await restarted.core.flush();
    const after = await getCircuitTransitions({ provider: definition.name });
    expect(after.map((row) => [row.fromState, row.toState]).reverse()).toEqual([
      ["CLOSED", "OPEN"],
      ["OPEN", "HALF_OPEN"],
      ["HALF_OPEN", "CLOSED"],
    ]);
  });

  it("holds a forced-open circuit open, audited with the reason", async () => {
    const { client, core, definition } = setup();
    const actor = adminActor();
    sim.setDefault({ status: 200 });

    await forceCircuit({
      provider: definition.name,
      state: "OPEN",
      reason: "provider incident",
      actor,
      core,
    });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => settle(client.get("/v1/held"))),
    );

    expect(sim.received).toHaveLength(0);
    expect(
      results.every(
        (result) => result instanceof IntegrationError && result.kind === "circuit_open",
      ),
    ).toBe(true);
    const audit = await getDb().auditLog.findFirst({
      where: { action: "integration.circuit.force_open", targetId: definition.name },
    });
    expect(audit).toMatchObject({ actorId: actor.id, outcome: "SUCCESS" });
    const [transition] = await getCircuitTransitions({ provider: definition.name });
    expect(transition).toMatchObject({
      fromState: "CLOSED",
      toState: "FORCED_OPEN",
      reason: "provider incident",
    });

    // Another process sees the override too.
    const other = setup({}, definition);
    expect(await settle(other.client.get("/v1/held"))).toBeInstanceOf(IntegrationError);
    expect(sim.received).toHaveLength(0);
  });

  it("holds a forced-closed circuit closed through failures, until an admin resets it", async () => {
    const { client, core, definition } = setup();
    const actor = adminActor();
    await forceCircuit({
      provider: definition.name,
      state: "CLOSED",
      reason: "false alarms",
      actor,
      core,
    });

    await openIt(client, 30);
    expect(sim.received).toHaveLength(30);
    expect((await core.runtime(definition.name)).circuit.effectiveState()).toBe("FORCED_CLOSED");

    await resetCircuit({ provider: definition.name, reason: "incident over", actor, core });
    expect((await core.runtime(definition.name)).circuit.effectiveState()).toBe("CLOSED");
    const transitions = await getCircuitTransitions({ provider: definition.name });
    expect(transitions.map((row) => row.toState)).toEqual(["CLOSED", "FORCED_CLOSED"]);
    const audits = await getDb().auditLog.count({
      where: { targetId: definition.name, actorId: actor.id },
    });
    expect(audits).toBe(2);
  });

  it("refuses circuit control to non-admins and to unknown providers", async () => {
    const { core, definition } = setup();
    const viewer = { id: crypto.randomUUID(), email: randomEmail(), role: "SUPPORT" as const };
    await expect(
      forceCircuit({
        provider: definition.name,
        state: "OPEN",
        reason: "testing",
        actor: viewer,
        core,
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      forceCircuit({
        provider: "no-such-provider",
        state: "OPEN",
        reason: "testing",
        actor: adminActor(),
        core,
      }),
    ).rejects.toBeInstanceOf(AppError);
    expect(await getCircuitTransitions({ provider: definition.name })).toHaveLength(0);
  });
});
