import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getAlertsRoute } from "@/app/api/alerts/route";
import { GET as getMetricsRoute } from "@/app/api/metrics/route";
import type { Actor } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";
import type * as SessionModule from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import type { WebhookDeliveryStatus } from "@/lib/db/generated/enums";
import { getActiveAlerts } from "@/lib/health/alerts";
import type { ProviderDefinition } from "@/lib/integrations/core/config-schema";
import { createRestClient } from "@/lib/integrations/core/rest-client";
import { getJobQueue, stopJobQueue } from "@/lib/jobs/queue";
import { renderMetrics } from "@/lib/metrics/service";
import { LATENCY_BUCKETS_MS } from "@/lib/metrics/snapshot";
import { startFaultSimulator, type FaultSimulator } from "@/simulators/fault/server";
import {
  histogramOf,
  parsePrometheus,
  sampleSum,
  sampleValue,
  type Metrics,
} from "../../support/prometheus";
import { randomId } from "../../support/factories";
import { createTestUser } from "../../support/users";
import { makeCore, simProvider } from "../integrations/support/harness";

// Set before lib/env is first read (vi.hoisted runs ahead of the imports above).
const token = vi.hoisted(() => {
  const value = `it-metrics-token-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  process.env.METRICS_TOKEN = value;
  return value;
});

// The session cookie is Auth.js's business (tested in security/); here the session is given.
vi.mock("@/lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof SessionModule>()),
  getActor: vi.fn(async (): Promise<Actor | null> => null),
}));

function signedInAs(actor: Actor | null) {
  vi.mocked(getActor).mockResolvedValue(actor);
}

function metricsRequest(headers: Record<string, string> = {}) {
  return new NextRequest("http://localhost:3000/api/metrics", { headers });
}

async function scrape(headers: Record<string, string> = {}): Promise<Metrics> {
  const response = await getMetricsRoute(metricsRequest(headers));
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheus(await response.text());
}

describe("GET /api/metrics", () => {
  let sim: FaultSimulator;
  let provider: ProviderDefinition;

  beforeAll(async () => {
    sim = await startFaultSimulator();
    provider = simProvider(sim.url, { retry: { maxAttempts: 1 } });
    // Real calls through the integration core to the simulator: successes, server errors and a
    // 429 with rate-limit headers, each written to the API-call log and the usage table.
    const core = makeCore([provider], { rateLimitStore: "memory" });
    const client = createRestClient(provider.name, core);
    const reset = Math.floor(Date.now() / 1000) + 3600;
    sim.setDefault({ status: 200 });
    sim.script(
      Array.from({ length: 3 }, () => ({ status: 500 })),
      { path: "/v1/fail" },
    );
    sim.script([{ status: 200, latencyMs: 120 }], { path: "/v1/slow" });
    sim.script([{ status: 429, rateLimit: { limit: 50, remaining: 0, reset } }], {
      path: "/v1/limited",
    });
    for (let index = 0; index < 7; index++)
      await client.get("/v1/items", { operation: "items.list" });
    for (let index = 0; index < 3; index++)
      await client.get("/v1/fail", { operation: "items.fail" }).catch(() => undefined);
    await client.get("/v1/slow", { operation: "items.list" });
    await client.get("/v1/limited", { operation: "items.limited" }).catch(() => undefined);
    await core.shutdown();
  });
  afterEach(() => signedInAs(null));
  afterAll(async () => {
    await sim.close();
  });

  it("answers 401 without a token or session, and to a wrong token", async () => {
    signedInAs(null);
    const attempts: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${token}x` },
      { authorization: `Bearer ${token.slice(0, -1)}` },
      { authorization: token },
    ];
    for (const headers of attempts) {
      const response = await getMetricsRoute(metricsRequest(headers));
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
    }
  });

  it("answers 403 to a support or viewer session, and audits the denial", async () => {
    for (const role of ["SUPPORT", "VIEWER"] as const) {
      const { actor } = await createTestUser(role);
      signedInAs(actor);
      const response = await getMetricsRoute(metricsRequest());
      expect(response.status).toBe(403);
      const audit = await getDb().auditLog.findFirst({
        where: { actorId: actor.id, action: "access.denied" },
      });
      expect(audit?.details).toMatchObject({ permission: "metrics:read", resource: "metrics" });
    }
  });

  it("with the token, serves Prometheus text whose call counters match the API-call log", async () => {
    const metrics = await scrape({ authorization: `Bearer ${token}` });
    const logged = await getDb().apiCall.groupBy({
      by: ["operation", "outcome"],
      where: { provider: provider.name },
      _count: { _all: true },
    });
    // 8 items.list, 3 items.fail and 1 items.limited attempts were made.
    expect(logged.reduce((sum, row) => sum + row._count._all, 0)).toBe(12);
    for (const row of logged) {
      expect(
        sampleValue(metrics, "integration_api_calls_total", {
          provider: provider.name,
          operation: row.operation,
          outcome: row.outcome,
        }),
        `${row.operation} ${row.outcome}`,
      ).toBe(row._count._all);
    }
    expect(sampleSum(metrics, "integration_api_calls_total", { provider: provider.name })).toBe(12);
    expect(
      sampleValue(metrics, "integration_api_errors_total", {
        provider: provider.name,
        operation: "items.fail",
      }),
    ).toBe(3);
    expect(
      sampleValue(metrics, "integration_api_errors_total", {
        provider: provider.name,
        operation: "items.list",
      }),
    ).toBe(0);

    // The histogram's buckets are the log's durations, counted.
    const durations = (
      await getDb().apiCall.findMany({
        where: { provider: provider.name, operation: "items.list" },
        select: { durationMs: true },
      })
    ).map((row) => row.durationMs);
    const histogram = histogramOf(metrics, "integration_api_call_duration_seconds", {
      provider: provider.name,
      operation: "items.list",
    });
    expect(histogram?.count).toBe(8);
    expect(histogram?.sum).toBeCloseTo(durations.reduce((a, b) => a + b, 0) / 1000, 6);
    for (const bound of LATENCY_BUCKETS_MS) {
      expect(histogram?.buckets[String(bound / 1000)], `le=${bound / 1000}`).toBe(
        durations.filter((ms) => ms <= bound).length,
      );
    }
    expect(histogram?.buckets["+Inf"]).toBe(8);
    // The 120 ms call is above the 100 ms bound.
    expect(histogram?.buckets["0.1"]).toBeLessThan(8);

    // The 429's rate-limit headers, from the usage table.
    const quota = { provider: provider.name, operation: "items.limited" };
    expect(sampleValue(metrics, "integration_rate_limit_remaining", quota)).toBe(0);
    expect(sampleValue(metrics, "integration_rate_limit_limit", quota)).toBe(50);
  });

  it("with an admin session (no token), serves the same figures", async () => {
    const { actor } = await createTestUser("ADMIN");
    signedInAs(actor);
    const bySession = await scrape();
    signedInAs(null);
    const byToken = await scrape({ authorization: `Bearer ${token}` });
    for (const outcome of ["SUCCESS", "HTTP_ERROR", "RATE_LIMITED"]) {
      const labels = { provider: provider.name, outcome };
      expect(sampleSum(bySession, "integration_api_calls_total", labels)).toBe(
        sampleSum(byToken, "integration_api_calls_total", labels),
      );
    }
    expect(sampleSum(bySession, "integration_api_calls_total", { provider: provider.name })).toBe(
      12,
    );
  });

  it("keeps its counters when retention removes the log rows behind them", async () => {
    const before = await scrape({ authorization: `Bearer ${token}` });
    // What ApiCallLog.prune does to rows past the retention period.
    await getDb().apiCall.deleteMany({ where: { provider: provider.name } });
    const after = await scrape({ authorization: `Bearer ${token}` });
    const labels = { provider: provider.name };
    expect(sampleSum(after, "integration_api_calls_total", labels)).toBe(12);
    expect(sampleSum(after, "integration_api_calls_total", labels)).toBe(
      sampleSum(before, "integration_api_calls_total", labels),
    );
    const histogram = { provider: provider.name, operation: "items.list" };
    expect(histogramOf(after, "integration_api_call_duration_seconds", histogram)).toEqual(
      histogramOf(before, "integration_api_call_duration_seconds", histogram),
    );
  });

  it("reports circuit state, webhook inbox depth, lag and dead letters, and job queues from the database", async () => {
    const failing = simProvider(sim.url, {
      retry: { maxAttempts: 1 },
      breaker: { failureRateThreshold: 0.5, minimumCalls: 4, windowSize: 10 },
    });
    const core = makeCore([failing], { rateLimitStore: "memory" });
    const client = createRestClient(failing.name, core);
    sim.script(
      Array.from({ length: 4 }, () => ({ status: 503 })),
      { path: "/v1/down" },
    );
    for (let index = 0; index < 4; index++)
      await client.get("/v1/down", { operation: "down" }).catch(() => undefined);
    await core.flush();

    const webhookProvider = randomId("hooks-");
    const now = Date.now();
    await getDb().webhookDelivery.createMany({
      data: (
        [
          { status: "DEAD_LETTERED", eventId: randomUUID(), receivedAt: new Date(now - 5_000) },
          { status: "DEAD_LETTERED", eventId: randomUUID(), receivedAt: new Date(now - 5_000) },
          { status: "RECEIVED", eventId: randomUUID(), receivedAt: new Date(now - 90_000) },
          { status: "FAILED", eventId: randomUUID(), receivedAt: new Date(now - 10_000) },
          { status: "PROCESSED", eventId: randomUUID(), receivedAt: new Date(now - 600_000) },
        ] satisfies { status: WebhookDeliveryStatus; eventId: string; receivedAt: Date }[]
      ).map((row) => ({
        ...row,
        provider: webhookProvider,
        eventType: "thing.happened",
        body: "{}",
      })),
    });

    const boss = await getJobQueue();
    await boss.send("webhook-delivery-dead", { deliveryId: randomUUID() });

    const metrics = await parsePrometheus((await renderMetrics({ core, now: new Date(now) })).text);
    await core.shutdown();
    await stopJobQueue();

    expect(sampleValue(metrics, "integration_circuit_open", { provider: failing.name })).toBe(1);
    expect(
      sampleValue(metrics, "integration_circuit_state", { provider: failing.name, state: "OPEN" }),
    ).toBe(1);
    expect(sampleSum(metrics, "integration_circuit_state", { provider: failing.name })).toBe(1);

    const hooks = { provider: webhookProvider };
    expect(sampleValue(metrics, "webhook_dead_letters", hooks)).toBe(2);
    expect(sampleValue(metrics, "webhook_inbox_depth", hooks)).toBe(2);
    expect(sampleValue(metrics, "webhook_inbox_lag_seconds", hooks)).toBeCloseTo(90, 0);
    expect(sampleValue(metrics, "webhook_inbox_deliveries", { ...hooks, status: "FAILED" })).toBe(
      1,
    );

    const [live] = await getDb().$queryRaw<{ queued: number; dead: number }[]>`
      SELECT count(*) FILTER (WHERE name = 'webhook-delivery' AND state IN ('created', 'retry'))::int AS "queued",
             count(*) FILTER (WHERE name = 'webhook-delivery-dead')::int AS "dead"
      FROM pgboss.job WHERE state IN ('created', 'retry', 'active', 'failed')`;
    expect(live?.dead).toBeGreaterThanOrEqual(1);
    expect(sampleValue(metrics, "job_queue_dead_letters", { queue: "webhook-delivery" })).toBe(
      live?.dead,
    );
    expect(sampleValue(metrics, "job_queue_depth", { queue: "webhook-delivery" })).toBe(
      live?.queued,
    );
  });
});

describe("health alerts", () => {
  let sim: FaultSimulator;

  beforeAll(async () => {
    sim = await startFaultSimulator();
  });
  afterEach(() => {
    vi.useRealTimers();
    signedInAs(null);
    sim.reset();
  });
  afterAll(async () => {
    await sim.close();
  });

  async function alertIds(options: Parameters<typeof getActiveAlerts>[0]) {
    return (await getActiveAlerts(options)).alerts.map((alert) => alert.id);
  }

  it("the circuit rule fires while the circuit is open and clears when recovery closes it", async () => {
    vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
    const definition = simProvider(sim.url, {
      retry: { maxAttempts: 1 },
      breaker: {
        failureRateThreshold: 0.5,
        minimumCalls: 4,
        windowSize: 10,
        halfOpenAfterMs: 30_000,
        halfOpenMaxCalls: 2,
      },
    });
    const core = makeCore([definition], { rateLimitStore: "memory" });
    const client = createRestClient(definition.name, core);
    const { actor } = await createTestUser("VIEWER");
    const id = `circuit:${definition.name}`;
    try {
      expect(await alertIds({ actor, core })).not.toContain(id);
      sim.setDefault({ status: 503 });
      for (let index = 0; index < 4; index++) await client.get("/v1/x").catch(() => undefined);
      await core.flush();
      const open = await getActiveAlerts({ actor, core });
      expect(open.alerts.find((alert) => alert.id === id)).toMatchObject({
        kind: "circuit_open",
        href: `/integrations/${definition.name}`,
      });

      // The provider recovers: after the open period, successful trial calls close the circuit.
      sim.setDefault({ status: 200 });
      vi.setSystemTime(Date.now() + 30_001);
      for (let index = 0; index < 2; index++) await client.get("/v1/x");
      await core.flush();
      expect(await alertIds({ actor, core })).not.toContain(id);
    } finally {
      await core.shutdown();
    }
  });

  it("the quota rule fires when the reported quota runs out within 15 minutes at the current rate, and clears when it does not", async () => {
    const definition = simProvider(sim.url, { retry: { maxAttempts: 1 } });
    const core = makeCore([definition], { rateLimitStore: "memory" });
    const client = createRestClient(definition.name, core);
    const { actor } = await createTestUser("VIEWER");
    const reset = Math.floor(Date.now() / 1000) + 3600;
    const id = `quota:${definition.name}:mail.send`;
    try {
      // 10 calls in the 5-minute window (2 a minute) with 20 left: about 10 minutes.
      sim.setDefault({ status: 200, rateLimit: { limit: 600, remaining: 20, reset } });
      for (let index = 0; index < 10; index++)
        await client.get("/v1/mail", { operation: "mail.send" });
      await core.flush();
      const firing = (await getActiveAlerts({ actor, core })).alerts.find(
        (alert) => alert.id === id,
      );
      expect(firing).toMatchObject({
        kind: "quota_exhaustion",
        href: `/integrations/${definition.name}`,
      });
      expect(firing?.detail).toContain("20 calls of 600 left for mail.send");

      // The next reading has plenty left: at 2.2 a minute, 500 lasts far beyond 15 minutes.
      sim.setDefault({ status: 200, rateLimit: { limit: 600, remaining: 500, reset } });
      await client.get("/v1/mail", { operation: "mail.send" });
      await core.flush();
      expect(await alertIds({ actor, core })).not.toContain(id);
    } finally {
      await core.shutdown();
    }
  });

  it("the dead-letter and inbox-lag rules fire per provider and clear once the deliveries are processed", async () => {
    const { actor } = await createTestUser("VIEWER");
    const provider = randomId("hooks-");
    const now = Date.now();
    const base = { provider, eventType: "thing.happened", body: "{}" };
    const dead = await getDb().webhookDelivery.create({
      data: {
        ...base,
        eventId: randomUUID(),
        status: "DEAD_LETTERED",
        receivedAt: new Date(now - 1_000),
      },
    });
    const waiting = await getDb().webhookDelivery.create({
      data: {
        ...base,
        eventId: randomUUID(),
        status: "RECEIVED",
        receivedAt: new Date(now - 30_000),
      },
    });
    // 30 seconds behind: no lag alert yet; 61 seconds later it is over a minute.
    expect(await alertIds({ actor, now: new Date(now) })).toEqual(
      expect.arrayContaining([`dead-letters:${provider}`]),
    );
    expect(await alertIds({ actor, now: new Date(now) })).not.toContain(`inbox-lag:${provider}`);
    const late = await getActiveAlerts({ actor, now: new Date(now + 31_000) });
    expect(late.alerts.find((alert) => alert.id === `inbox-lag:${provider}`)).toMatchObject({
      kind: "inbox_lag",
      href: `/webhooks?provider=${provider}&status=RECEIVED`,
    });
    expect(late.alerts.find((alert) => alert.id === `dead-letters:${provider}`)).toMatchObject({
      href: `/webhooks?provider=${provider}&status=DEAD_LETTERED`,
    });

    await getDb().webhookDelivery.updateMany({
      where: { id: { in: [dead.id, waiting.id] } },
      data: { status: "PROCESSED", processedAt: new Date() },
    });
    const after = await alertIds({ actor, now: new Date(now + 31_000) });
    expect(after).not.toContain(`dead-letters:${provider}`);
    expect(after).not.toContain(`inbox-lag:${provider}`);
  });

  it("GET /api/alerts answers 401 without a session and gives a viewer the alerts", async () => {
    signedInAs(null);
    const anonymous = await getAlertsRoute(new NextRequest("http://localhost:3000/api/alerts"), {
      params: Promise.resolve({}),
    });
    expect(anonymous.status).toBe(401);

    const { actor } = await createTestUser("VIEWER");
    signedInAs(actor);
    const provider = randomId("hooks-");
    await getDb().webhookDelivery.create({
      data: {
        provider,
        eventId: randomUUID(),
        eventType: "thing.happened",
        body: "{}",
        status: "DEAD_LETTERED",
      },
    });
    const response = await getAlertsRoute(new NextRequest("http://localhost:3000/api/alerts"), {
      params: Promise.resolve({}),
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.data.alerts).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: `dead-letters:${provider}` })]),
    );
    await getDb().webhookDelivery.updateMany({
      where: { provider },
      data: { status: "PROCESSED", processedAt: new Date() },
    });
  });
});
