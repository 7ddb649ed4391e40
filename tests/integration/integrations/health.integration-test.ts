import { randomInt } from "node:crypto";
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
    const resetAt = Math.floor(Date.now() / 1000) + 3600;
    const calls = randomInt(8, 15);
    sim.setDefault({ status: 200, rateLimit: { limit: 600, remaining: 100, reset: resetAt } });
    sim.script([{ status: 429, rateLimit: { limit: 600, remaining: 0, reset: resetAt } }], {
      path: "/v3/limited",
    });
    for (let index = 0; index < calls; index++)
      await client.get("/v3/mail", { operation: "mail.send" });
    await client.get("/v3/limited", { operation: "mail.limited" }).catch(() => undefined);
    await core.shutdown();

    const series = await getUsageSeries({ provider: definition.name, minutes: 5 });
    expect(series).toHaveLength(5);
    expect(series.reduce((sum, point) => sum + point.calls, 0)).toBe(calls + 1);
    expect(series.reduce((sum, point) => sum + point.rateLimited, 0)).toBe(1);
    const mailOnly = await getUsageSeries({
      provider: definition.name,
      operation: "mail.send",
      minutes: 5,
    });
    expect(mailOnly.reduce((sum, point) => sum + point.calls, 0)).toBe(calls);

    const projections = await getQuotaProjections({ provider: definition.name });
    const mail = projections.find((projection) => projection.operation === "mail.send");
    expect(mail).toMatchObject({ limit: 600, remaining: 100, resetAt: new Date(resetAt * 1000) });
    expect(mail?.callsPerMinute).toBeCloseTo(calls / 5);
    // 100 left at calls/5 per minute runs out before the reset an hour away only if the rate is high enough.
    const minutesLeft = 100 / (calls / 5);
    expect(mail?.exhaustsAt === null).toBe(minutesLeft > 60);
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
