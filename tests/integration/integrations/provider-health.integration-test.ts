import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { resetCircuit, forceCircuit } from "@/lib/integrations/circuit-admin";
import { CallMinuteMeter, type CallMinuteSample } from "@/lib/integrations/core/call-minutes";
import { readCallMinutes, windowStats } from "@/lib/integrations/core/call-minute-stats";
import { createRestClient } from "@/lib/integrations/core/rest-client";
import { controlCircuit } from "@/lib/integrations/overview";
import {
  getProviderHealthDetail,
  getProviderHealthOverview,
} from "@/lib/integrations/provider-health";
import { shutdownIntegrationCore } from "@/lib/integrations/runtime";
import { startFaultSimulator, type FaultSimulator } from "@/simulators/fault/server";
import { randomId } from "../../support/factories";
import { createTestUser } from "../../support/users";
import { makeCore, simProvider } from "./support/harness";

// A minute of its own in the future, so rows other test files write for the same providers
// (the database is shared by the whole run) never fall into the windows read here.
const NOW = Date.UTC(2031, 5, 1, 12, 0, 30) + Math.floor(Math.random() * 100_000) * 60_000;
const MINUTE = Math.floor(NOW / 60_000) * 60_000;

function sample(provider: string, at: number, overrides: Partial<CallMinuteSample> = {}) {
  return {
    provider,
    at,
    outcome: "SUCCESS",
    reached: true,
    durationMs: 20,
    httpStatus: 200,
    errorMessage: null,
    ...overrides,
  } satisfies CallMinuteSample;
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("per-minute call aggregates", () => {
  let sim: FaultSimulator;
  beforeAll(async () => {
    sim = await startFaultSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  it("adds two instances' minutes into one row and gives exact percentile buckets per window", async () => {
    const provider = randomId("agg-");
    // Two "instances" write the same minutes; their counts and histograms must add up.
    const first = new CallMinuteMeter(getDb, 60_000);
    const second = new CallMinuteMeter(getDb, 60_000);
    // This minute: 45 at 20 ms and 5 at 400 ms (split across instances), one 503 at 2 s,
    // one circuit refusal (no latency), one 429.
    for (let index = 0; index < 45; index++)
      (index % 2 ? first : second).record(sample(provider, MINUTE + index));
    for (let index = 0; index < 5; index++)
      second.record(sample(provider, MINUTE + 100 + index, { durationMs: 400 }));
    first.record(
      sample(provider, MINUTE + 200, {
        outcome: "HTTP_ERROR",
        durationMs: 2000,
        httpStatus: 503,
        errorMessage: "Earlier failure.",
      }),
    );
    second.record(
      sample(provider, MINUTE + 300, {
        outcome: "HTTP_ERROR",
        durationMs: 30,
        httpStatus: 429,
        errorMessage: "Agg is rate limiting requests. Try again shortly.",
      }),
    );
    first.record(
      sample(provider, MINUTE + 250, {
        outcome: "CIRCUIT_OPEN",
        reached: false,
        durationMs: 0,
        httpStatus: null,
        errorMessage: "Agg is temporarily unavailable.",
      }),
    );
    // Ten minutes earlier: 48 slow calls at 1.2 s, which only the 15- and 60-minute windows see.
    for (let index = 0; index < 48; index++)
      first.record(sample(provider, MINUTE - 10 * 60_000 + index, { durationMs: 1200 }));
    await first.flush();
    await second.flush();
    // A later flush of the same minute adds to the row instead of replacing it.
    second.record(sample(provider, MINUTE + 400, { durationMs: 8 }));
    await second.flush();

    const rows = await readCallMinutes({ minutes: 60, now: NOW, provider });
    expect(rows).toHaveLength(2);
    const current = rows.find((row) => row.minute.getTime() === MINUTE);
    expect(current).toMatchObject({
      attempts: 54,
      successes: 51,
      httpErrors: 2,
      circuitRefusals: 1,
      throttled: 1,
      latencyMaxMs: 2000,
    });
    const lastError = await getDb().apiCallMinute.findUnique({
      where: { provider_minute: { provider, minute: new Date(MINUTE) } },
    });
    expect(lastError?.lastErrorMessage).toBe("Agg is rate limiting requests. Try again shortly.");

    const [one, fifteen] = [windowStats(rows, 1, NOW), windowStats(rows, 15, NOW)];
    // 53 latencies this minute: 1 at 8, 45 at 20, 1 at 30, 5 at 400, 1 at 2000.
    expect(one).toMatchObject({
      attempts: 54,
      failures: 3,
      throttled: 1,
      circuitRefusals: 1,
      p50: { ms: 25, over: false },
      p95: { ms: 500, over: false },
      p99: { ms: 2000, over: false },
    });
    expect(one.errorRate).toBeCloseTo(3 / 54, 10);
    // Over 15 minutes the 48 slow calls join: 101 latencies, rank 51 (the median) is the 52nd
    // fastest bucket entry, a 400 ms one; ranks 96 and 100 are among the 1.2 s ones.
    expect(fifteen).toMatchObject({
      attempts: 102,
      p50: { ms: 500, over: false },
      p95: { ms: 1500, over: false },
      p99: { ms: 1500, over: false },
    });
  });

  it("counts what the core really did, with the core's own words for the last error", async () => {
    const definition = simProvider(sim.url, {
      displayName: "Acme",
      retry: { maxAttempts: 1 },
    });
    const core = makeCore([definition], { rateLimitStore: "memory" });
    const client = createRestClient(definition.name, core);
    sim.script([{ status: 200 }, { status: 200 }, { status: 429 }, { status: 503 }]);
    for (let index = 0; index < 4; index++)
      await client.get("/v1/things", { operation: "things.list" }).catch(() => undefined);
    await core.shutdown();
    const rows = await readCallMinutes({ minutes: 2, now: Date.now(), provider: definition.name });
    const total = windowStats(rows, 2, Date.now());
    expect(total).toMatchObject({ attempts: 4, failures: 2, throttled: 1 });
    const message = await getDb().apiCallMinute.findFirst({
      where: { provider: definition.name, lastErrorMessage: { not: null } },
      orderBy: { minute: "desc" },
    });
    expect(message?.lastErrorMessage).toBe("Acme is having problems (HTTP 503).");
  });
});

describe("provider health service and roles", () => {
  let admin: Actor;
  let support: Actor;
  let viewer: Actor;

  beforeAll(async () => {
    admin = (await createTestUser("ADMIN")).actor;
    support = (await createTestUser("SUPPORT")).actor;
    viewer = (await createTestUser("VIEWER")).actor;
  });
  afterAll(async () => {
    await resetCircuit({ provider: "stripe", reason: "test over", actor: admin });
    await shutdownIntegrationCore();
  });

  it("shows one tile per provider with its windows, and turns Stripe's tile to an open circuit with its cause", async () => {
    const meter = new CallMinuteMeter(getDb, 60_000);
    for (let index = 0; index < 8; index++)
      meter.record(sample("stripe", MINUTE + index, { durationMs: 90 }));
    meter.record(
      sample("stripe", MINUTE + 50, {
        outcome: "NETWORK_ERROR",
        durationMs: 12,
        httpStatus: null,
        errorMessage: "Could not reach Stripe after 3 attempts.",
      }),
    );
    await meter.flush();

    const overview = await getProviderHealthOverview({ actor: viewer, now: new Date(NOW) });
    const names = overview.tiles.map((tile) => tile.provider);
    expect(names).toEqual(expect.arrayContaining(["stripe", "sendgrid"]));
    expect(overview.canControl).toBe(false);
    const stripe = overview.tiles.find((tile) => tile.provider === "stripe");
    expect(stripe?.windows[0]).toMatchObject({ minutes: 1, attempts: 9, failures: 1 });
    expect(stripe?.windows[0]?.p50).toEqual({ ms: 100, over: false });
    expect(stripe?.lastError?.message).toBe("Could not reach Stripe after 3 attempts.");
    expect(stripe?.retryBudget.left).toBeGreaterThan(0);

    await forceCircuit({
      provider: "stripe",
      state: "OPEN",
      reason: "provider outage drill",
      actor: admin,
    });
    const after = await getProviderHealthOverview({ actor: admin, now: new Date(NOW) });
    expect(after.canControl).toBe(true);
    const open = after.tiles.find((tile) => tile.provider === "stripe");
    expect(open?.circuit.state).toBe("FORCED_OPEN");
    expect(open?.circuit.unavailableReason).toContain("provider outage drill");

    const detail = await getProviderHealthDetail({
      actor: support,
      provider: "stripe",
      input: { minutes: "60" },
      now: new Date(NOW),
    });
    expect(detail.series).toHaveLength(60);
    expect(detail.series.at(-1)).toMatchObject({ successes: 8, networkErrors: 1, p50: 100 });
    expect(detail.canControl).toBe(false);
    expect(detail.transitions[0]).toMatchObject({
      to: "FORCED_OPEN",
      reason: "provider outage drill",
    });
    // Who forced it is audit information, which support may not read.
    expect(detail.transitions[0]?.actorEmail).toBeNull();
  });

  it("refuses control to SUPPORT and VIEWER with 403, and bad detail queries with 4xx", async () => {
    for (const actor of [support, viewer]) {
      const denied = await refusal(
        controlCircuit({ actor, provider: "stripe", input: { action: "reset", reason: "let me" } }),
      );
      expect(denied.status).toBe(403);
    }
    const unknown = await refusal(getProviderHealthDetail({ actor: viewer, provider: "nope" }));
    expect(unknown.status).toBe(404);
    for (const minutes of ["abc", "0", "99999", "1.5"]) {
      const bad = await refusal(
        getProviderHealthDetail({ actor: viewer, provider: "stripe", input: { minutes } }),
      );
      expect(bad.status).toBe(422);
    }
  });
});
