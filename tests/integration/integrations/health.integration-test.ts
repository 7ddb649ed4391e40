import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { getQuotaProjections, getUsageSeries } from "@/lib/integrations/core/health";
import { createRestClient } from "@/lib/integrations/core/rest-client";
import { startFaultSimulator, type FaultSimulator } from "@/simulators/fault/server";
import { makeCore, simProvider } from "./support/harness";

describe("usage, quota and log retention", () => {
  let sim: FaultSimulator;

  beforeAll(async () => {
    sim = await startFaultSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  it("keeps per-minute usage per operation, counts 429s, and projects when a quota runs out", async () => {
    const definition = simProvider(sim.url, { retry: { maxAttempts: 1 } });
    const core = makeCore([definition], { rateLimitStore: "memory" });
    const client = createRestClient(definition.name, core);
    const now = Date.now();
    // 100 left at 10 calls in 5 minutes (2 a minute) runs out in 50 minutes: before a reset an
    // hour away, after one 20 minutes away.
    const calls = 10;
    const resetLate = Math.floor(now / 1000) + 3600;
    const resetSoon = Math.floor(now / 1000) + 1200;
    sim.setDefault({ status: 200, rateLimit: { limit: 600, remaining: 100, reset: resetLate } });
    sim.script([{ status: 429, rateLimit: { limit: 600, remaining: 0, reset: resetLate } }], {
      path: "/v3/limited",
    });
    sim.script(
      Array.from({ length: calls }, () => ({
        status: 200,
        rateLimit: { limit: 600, remaining: 100, reset: resetSoon },
      })),
      { path: "/v3/stats" },
    );
    for (let index = 0; index < calls; index++) {
      await client.get("/v3/mail", { operation: "mail.send" });
      await client.get("/v3/stats", { operation: "stats.read" });
    }
    await client.get("/v3/limited", { operation: "mail.limited" }).catch(() => undefined);
    await core.shutdown();

    const series = await getUsageSeries({ provider: definition.name, minutes: 5 });
    expect(series).toHaveLength(5);
    expect(series.reduce((sum, point) => sum + point.calls, 0)).toBe(2 * calls + 1);
    expect(series.reduce((sum, point) => sum + point.rateLimited, 0)).toBe(1);
    const mailOnly = await getUsageSeries({
      provider: definition.name,
      operation: "mail.send",
      minutes: 5,
    });
    expect(mailOnly.reduce((sum, point) => sum + point.calls, 0)).toBe(calls);

    const projections = await getQuotaProjections({ provider: definition.name, now: new Date(now) });
    const mail = projections.find((projection) => projection.operation === "mail.send");
    expect(mail).toMatchObject({ limit: 600, remaining: 100, resetAt: new Date(resetLate * 1000) });
    expect(mail?.callsPerMinute).toBeCloseTo(calls / 5);
    expect(mail?.exhaustsAt?.getTime()).toBeCloseTo(now + 50 * 60_000, -3);
    const stats = projections.find((projection) => projection.operation === "stats.read");
    expect(stats).toMatchObject({ remaining: 100, resetAt: new Date(resetSoon * 1000) });
    expect(stats?.exhaustsAt).toBeNull();
  });

  it("writes the log off the call path and prunes rows and circuit transitions past the retention period", async () => {
    const definition = simProvider(sim.url);
    const core = makeCore([definition], { rateLimitStore: "memory", retentionDays: 7 });
    const client = createRestClient(definition.name, core);
    sim.setDefault({ status: 200 });

    await client.get("/v1/ping");
    // Nothing is written until a flush: the call did not wait for the database.
    expect(core.callLog.pending).toBe(1);
    expect(await getDb().apiCall.count({ where: { provider: definition.name } })).toBe(0);
    await core.flush();
    expect(await getDb().apiCall.count({ where: { provider: definition.name } })).toBe(1);

    await getDb().apiCall.updateMany({
      where: { provider: definition.name },
      data: { createdAt: new Date(Date.now() - 8 * 24 * 60 * 60 * 1000) },
    });
    const transition = {
      provider: definition.name,
      fromState: "CLOSED",
      toState: "OPEN",
      instanceId: "test",
    } as const;
    await getDb().integrationCircuitTransition.createMany({
      data: [
        { ...transition, createdAt: new Date(Date.now() - 8 * 24 * 60 * 60 * 1000) },
        transition,
      ],
    });
    await client.get("/v1/ping");
    await core.flush();
    const removed = await core.callLog.prune();
    expect(removed).toBeGreaterThanOrEqual(1);
    expect(await getDb().apiCall.count({ where: { provider: definition.name } })).toBe(1);
    const kept = await getDb().integrationCircuitTransition.findMany({
      where: { provider: definition.name },
    });
    expect(kept).toHaveLength(1);
    expect(kept[0]?.createdAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    await core.shutdown();
  });
});
