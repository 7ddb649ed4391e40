import { describe, expect, it } from "vitest";
import { buildRegistry } from "@/lib/metrics/registry";
import { LATENCY_BUCKETS_MS, type MetricsSnapshot } from "@/lib/metrics/snapshot";
import {
  histogramOf,
  metricType,
  parsePrometheus,
  sampleSum,
  sampleValue,
} from "../../support/prometheus";

const now = new Date("2026-11-29T12:00:00Z");

/** Buckets for a list of durations, counted as the database query counts them. */
function bucketsFor(durations: number[]) {
  return LATENCY_BUCKETS_MS.map((bound) => durations.filter((ms) => ms <= bound).length);
}

function snapshot(overrides: Partial<MetricsSnapshot> = {}): MetricsSnapshot {
  const ok = [3, 40, 40, 700];
  const failed = [20_000, 45_000];
  return {
    takenAt: now,
    calls: [
      {
        provider: "stripe",
        operation: "refunds.create",
        outcome: "SUCCESS",
        calls: ok.length,
        buckets: bucketsFor(ok),
        durationSumMs: ok.reduce((a, b) => a + b, 0),
      },
      {
        provider: "stripe",
        operation: "refunds.create",
        outcome: "TIMEOUT",
        calls: failed.length,
        buckets: bucketsFor(failed),
        durationSumMs: failed.reduce((a, b) => a + b, 0),
      },
    ],
    circuits: [
      { provider: "stripe", state: "OPEN" },
      { provider: "sendgrid", state: "CLOSED" },
    ],
    quotas: [
      {
        provider: "sendgrid",
        operation: "mail.send",
        limit: 600,
        remaining: 42,
        resetAt: new Date("2026-11-29T12:01:00Z"),
      },
    ],
    inbox: [
      {
        provider: "stripe",
        status: "RECEIVED",
        deliveries: 3,
        oldestReceivedAt: new Date(now.getTime() - 90_000),
      },
      {
        provider: "stripe",
        status: "FAILED",
        deliveries: 1,
        oldestReceivedAt: new Date(now.getTime() - 30_000),
      },
      { provider: "stripe", status: "DEAD_LETTERED", deliveries: 2, oldestReceivedAt: null },
    ],
    queues: [
      {
        queue: "webhook-delivery",
        deadLetterQueue: "webhook-delivery-dead",
        jobs: { created: 5, retry: 2, active: 1, failed: 0 },
      },
      {
        queue: "webhook-delivery-dead",
        deadLetterQueue: null,
        jobs: { created: 2, retry: 0, active: 0, failed: 0 },
      },
    ],
    ...overrides,
  };
}

async function render(input: MetricsSnapshot) {
  return parsePrometheus(await buildRegistry(input).metrics());
}

describe("the metrics registry built from a database snapshot", () => {
  it("reports calls per outcome, errors and a cumulative latency histogram per operation", async () => {
    const families = await render(snapshot());
    const labels = { provider: "stripe", operation: "refunds.create" };
    expect(metricType(families, "integration_api_calls_total")).toBe("counter");
    expect(metricType(families, "integration_api_call_duration_seconds")).toBe("histogram");
    expect(
      sampleValue(families, "integration_api_calls_total", { ...labels, outcome: "SUCCESS" }),
    ).toBe(4);
    expect(
      sampleValue(families, "integration_api_calls_total", { ...labels, outcome: "TIMEOUT" }),
    ).toBe(2);
    expect(sampleSum(families, "integration_api_errors_total", labels)).toBe(2);
    const histogram = histogramOf(families, "integration_api_call_duration_seconds", labels);
    expect(histogram?.count).toBe(6);
    expect(histogram?.sum).toBeCloseTo((3 + 40 + 40 + 700 + 20_000 + 45_000) / 1000);
    expect(histogram?.buckets).toMatchObject({ "0.005": 1, "0.05": 3, "1": 4, "30": 5, "+Inf": 6 });
  });

  it("reports circuit state, rate limit, inbox depth, lag and dead letters, and queues", async () => {
    const families = await render(snapshot());
    expect(sampleValue(families, "integration_circuit_open", { provider: "stripe" })).toBe(1);
    expect(sampleValue(families, "integration_circuit_open", { provider: "sendgrid" })).toBe(0);
    expect(
      sampleValue(families, "integration_circuit_state", { provider: "stripe", state: "OPEN" }),
    ).toBe(1);
    expect(sampleSum(families, "integration_circuit_state", { provider: "stripe" })).toBe(1);
    const quota = { provider: "sendgrid", operation: "mail.send" };
    expect(sampleValue(families, "integration_rate_limit_remaining", quota)).toBe(42);
    expect(sampleValue(families, "integration_rate_limit_limit", quota)).toBe(600);
    expect(sampleValue(families, "integration_rate_limit_reset_timestamp_seconds", quota)).toBe(
      Date.parse("2026-11-29T12:01:00Z") / 1000,
    );
    expect(sampleValue(families, "webhook_inbox_depth", { provider: "stripe" })).toBe(4);
    expect(sampleValue(families, "webhook_inbox_lag_seconds", { provider: "stripe" })).toBe(90);
    expect(sampleValue(families, "webhook_dead_letters", { provider: "stripe" })).toBe(2);
    expect(sampleValue(families, "webhook_inbox_depth", { provider: "sendgrid" })).toBe(0);
    expect(sampleValue(families, "webhook_inbox_lag_seconds", { provider: "sendgrid" })).toBe(0);
    expect(sampleValue(families, "job_queue_depth", { queue: "webhook-delivery" })).toBe(7);
    expect(
      sampleValue(families, "job_queue_jobs", { queue: "webhook-delivery", state: "active" }),
    ).toBe(1);
    expect(sampleValue(families, "job_queue_dead_letters", { queue: "webhook-delivery" })).toBe(2);
  });

  it("renders an empty database as valid text with zeroes, not an error", async () => {
    const families = await render(
      snapshot({
        calls: [],
        quotas: [],
        inbox: [],
        queues: [],
        circuits: [{ provider: "stripe", state: "CLOSED" }],
      }),
    );
    expect(sampleValue(families, "integration_circuit_open", { provider: "stripe" })).toBe(0);
    expect(sampleValue(families, "webhook_dead_letters", { provider: "stripe" })).toBe(0);
  });

  it("escapes hostile label values so the text still parses", async () => {
    const operation = 'refund "x"\\ \n next';
    const families = await render(
      snapshot({
        calls: [
          {
            provider: "acme",
            operation,
            outcome: "SUCCESS",
            calls: 1,
            buckets: bucketsFor([1]),
            durationSumMs: 1,
          },
        ],
      }),
    );
    expect(
      sampleValue(families, "integration_api_calls_total", { provider: "acme", operation }),
    ).toBe(1);
  });
});
