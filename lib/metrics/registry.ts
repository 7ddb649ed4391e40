import "server-only";
import {
  Counter,
  Gauge,
  Histogram,
  Registry,
  type LabelValues,
  type MetricValueWithName,
} from "prom-client";
import { LATENCY_BUCKETS_MS, type CallFigures, type MetricsSnapshot } from "./snapshot";

const CIRCUIT_STATES = ["CLOSED", "OPEN", "HALF_OPEN", "FORCED_OPEN", "FORCED_CLOSED"] as const;
const PENDING_DELIVERY_STATUSES = new Set(["RECEIVED", "PROCESSING", "FAILED"]);

type CallLabels = "provider" | "operation";
type BucketLabels = CallLabels | "le";

/**
 * A histogram whose buckets were counted by the database. prom-client's own Histogram only learns
 * from `observe()` one value at a time; this one reports the aggregated counts it is given, in the
 * same exposition format.
 */
class AggregatedHistogram extends Histogram<BucketLabels> {
  private readonly series: {
    labels: LabelValues<CallLabels>;
    buckets: number[];
    count: number;
    sumSeconds: number;
  }[] = [];

  constructor(
    private readonly config: { name: string; help: string; boundsSeconds: readonly number[] },
  ) {
    super({
      name: config.name,
      help: config.help,
      labelNames: ["provider", "operation"],
      buckets: [...config.boundsSeconds],
      registers: [],
    });
  }

  add(
    labels: LabelValues<CallLabels>,
    figures: { buckets: number[]; count: number; sumMs: number },
  ) {
    this.series.push({
      labels,
      buckets: figures.buckets,
      count: figures.count,
      sumSeconds: figures.sumMs / 1000,
    });
  }

  /**
   * What prom-client's Registry renders (its `get()` maps these too). prom-client's typings omit
   * this method, so it is declared here rather than overridden.
   */
  async getForPromString() {
    const values: (MetricValueWithName<BucketLabels> & { sharedLabels: LabelValues<never> })[] = [];
    const sample = (suffix: string, labels: LabelValues<BucketLabels>, value: number) =>
      values.push({ metricName: `${this.config.name}${suffix}`, labels, sharedLabels: {}, value });
    for (const series of this.series) {
      this.config.boundsSeconds.forEach((bound, index) =>
        sample("_bucket", { ...series.labels, le: bound }, series.buckets[index] ?? 0),
      );
      sample("_bucket", { ...series.labels, le: "+Inf" }, series.count);
      sample("_sum", series.labels, series.sumSeconds);
      sample("_count", series.labels, series.count);
    }
    return {
      name: this.config.name,
      help: this.config.help,
      type: "histogram",
      aggregator: "sum",
      values,
    };
  }
}

/** Outcomes merged per provider and operation: the histogram is about time, whatever the result. */
function latencyPerOperation(calls: readonly CallFigures[]) {
  const merged = new Map<
    string,
    { labels: LabelValues<CallLabels>; buckets: number[]; count: number; sumMs: number }
  >();
  for (const row of calls) {
    const key = `${row.provider}\u0000${row.operation}`;
    let entry = merged.get(key);
    if (!entry) {
      entry = {
        labels: { provider: row.provider, operation: row.operation },
        buckets: LATENCY_BUCKETS_MS.map(() => 0),
        count: 0,
        sumMs: 0,
      };
      merged.set(key, entry);
    }
    entry.count += row.calls;
    entry.sumMs += row.durationSumMs;
    for (let index = 0; index < entry.buckets.length; index++)
      entry.buckets[index] = (entry.buckets[index] ?? 0) + (row.buckets[index] ?? 0);
  }
  return [...merged.values()];
}

/**
 * A fresh registry holding one snapshot's figures. Built per scrape: nothing is counted in this
 * process, so every instance renders the same text for the same database.
 */
export function buildRegistry(snapshot: MetricsSnapshot): Registry {
  const registry = new Registry();
  const registers = [registry];
  const now = snapshot.takenAt.getTime();

  const calls = new Counter({
    name: "integration_api_calls_total",
    help: "Provider call attempts in the API-call log (retained period), by outcome.",
    labelNames: ["provider", "operation", "outcome"],
    registers,
  });
  const errors = new Counter({
    name: "integration_api_errors_total",
    help: "Provider call attempts that did not succeed (any outcome but SUCCESS).",
    labelNames: ["provider", "operation"],
    registers,
  });
  for (const row of snapshot.calls) {
    calls.inc(
      { provider: row.provider, operation: row.operation, outcome: row.outcome },
      row.calls,
    );
    const labels = { provider: row.provider, operation: row.operation };
    // Every operation gets an error series, zero included, so rate() has something to divide.
    errors.inc(labels, row.outcome === "SUCCESS" ? 0 : row.calls);
  }
  const latency = new AggregatedHistogram({
    name: "integration_api_call_duration_seconds",
    help: "Duration of provider call attempts in the API-call log.",
    boundsSeconds: LATENCY_BUCKETS_MS.map((bound) => bound / 1000),
  });
  for (const entry of latencyPerOperation(snapshot.calls)) latency.add(entry.labels, entry);
  registry.registerMetric(latency);

  const circuitState = new Gauge({
    name: "integration_circuit_state",
    help: "1 for the circuit's current state (what callers experience), 0 for the others.",
    labelNames: ["provider", "state"],
    registers,
  });
  const circuitOpen = new Gauge({
    name: "integration_circuit_open",
    help: "1 while the provider's circuit refuses calls (open or forced open).",
    labelNames: ["provider"],
    registers,
  });
  for (const circuit of snapshot.circuits) {
    for (const state of CIRCUIT_STATES)
      circuitState.set({ provider: circuit.provider, state }, circuit.state === state ? 1 : 0);
    circuitOpen.set(
      { provider: circuit.provider },
      circuit.state === "OPEN" || circuit.state === "FORCED_OPEN" ? 1 : 0,
    );
  }

  const remaining = new Gauge({
    name: "integration_rate_limit_remaining",
    help: "Requests left in the provider's rate-limit window, as its last X-RateLimit-Remaining said.",
    labelNames: ["provider", "operation"],
    registers,
  });
  const limit = new Gauge({
    name: "integration_rate_limit_limit",
    help: "The provider's rate-limit window size, as its last X-RateLimit-Limit said.",
    labelNames: ["provider", "operation"],
    registers,
  });
  const reset = new Gauge({
    name: "integration_rate_limit_reset_timestamp_seconds",
    help: "When the provider's rate-limit window resets (Unix time).",
    labelNames: ["provider", "operation"],
    registers,
  });
  for (const quota of snapshot.quotas) {
    const labels = { provider: quota.provider, operation: quota.operation };
    remaining.set(labels, quota.remaining);
    if (quota.limit !== null) limit.set(labels, quota.limit);
    if (quota.resetAt) reset.set(labels, quota.resetAt.getTime() / 1000);
  }

  const deliveries = new Gauge({
    name: "webhook_inbox_deliveries",
    help: "Webhook deliveries not yet processed, by status (DEAD_LETTERED waits for a replay).",
    labelNames: ["provider", "status"],
    registers,
  });
  const depth = new Gauge({
    name: "webhook_inbox_depth",
    help: "Webhook deliveries waiting to be processed (received, processing or failed with retries left).",
    labelNames: ["provider"],
    registers,
  });
  const lag = new Gauge({
    name: "webhook_inbox_lag_seconds",
    help: "Age of the oldest webhook delivery waiting to be processed; 0 when none waits.",
    labelNames: ["provider"],
    registers,
  });
  const deadLetters = new Gauge({
    name: "webhook_dead_letters",
    help: "Webhook deliveries that exhausted their retries and wait for a replay.",
    labelNames: ["provider"],
    registers,
  });
  const providers = new Set([
    ...snapshot.circuits.map((circuit) => circuit.provider),
    ...snapshot.inbox.map((row) => row.provider),
  ]);
  for (const provider of providers) {
    const rows = snapshot.inbox.filter((row) => row.provider === provider);
    const pending = rows.filter((row) => PENDING_DELIVERY_STATUSES.has(row.status));
    depth.set(
      { provider },
      pending.reduce((sum, row) => sum + row.deliveries, 0),
    );
    const oldest = Math.min(
      ...pending.map((row) => row.oldestReceivedAt?.getTime() ?? Number.POSITIVE_INFINITY),
    );
    lag.set({ provider }, Number.isFinite(oldest) ? Math.max(0, (now - oldest) / 1000) : 0);
    deadLetters.set(
      { provider },
      rows.find((row) => row.status === "DEAD_LETTERED")?.deliveries ?? 0,
    );
    for (const row of rows) deliveries.set({ provider, status: row.status }, row.deliveries);
  }

  const jobs = new Gauge({
    name: "job_queue_jobs",
    help: "Live jobs per queue and state (created, retry, active, failed).",
    labelNames: ["queue", "state"],
    registers,
  });
  const queueDepth = new Gauge({
    name: "job_queue_depth",
    help: "Jobs waiting to run (created or waiting for a retry).",
    labelNames: ["queue"],
    registers,
  });
  const queueDeadLetters = new Gauge({
    name: "job_queue_dead_letters",
    help: "Jobs of this queue moved to its dead-letter queue after their last retry.",
    labelNames: ["queue"],
    registers,
  });
  const byName = new Map(snapshot.queues.map((queue) => [queue.queue, queue]));
  for (const queue of snapshot.queues) {
    for (const [state, count] of Object.entries(queue.jobs))
      jobs.set({ queue: queue.queue, state }, count);
    queueDepth.set({ queue: queue.queue }, queue.jobs.created + queue.jobs.retry);
    if (queue.deadLetterQueue) {
      const dead = byName.get(queue.deadLetterQueue)?.jobs;
      queueDeadLetters.set(
        { queue: queue.queue },
        dead ? dead.created + dead.retry + dead.active + dead.failed : 0,
      );
    }
  }
  return registry;
}
