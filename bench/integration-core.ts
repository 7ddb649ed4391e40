// What the integration core costs per call: the full policy stack (deadline, retry and budget,
// circuit breaker, shared token bucket, per-attempt timeout, API-call log and usage meter) against
// a bare call through the same HTTP client to the same local simulator, interleaved call by call,
// in one run.
//
//   npm run bench                    # embedded PGlite in memory, served by bench/run.ts
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench npm run bench
//   BENCH_CALLS=5000 BENCH_LATENCY_MS=0,5 npm run bench
import { randomBytes } from "node:crypto";

const calls = Number(process.env.BENCH_CALLS ?? 3000);
// Both paths run through undici, zod-free JS and cockatiel code that V8 optimises only after some
// thousands of calls; measuring before that compares half-compiled code. One long warm-up at the
// start (no simulated latency, so it is quick), then a short one per latency for its timers.
const jitWarmup = Number(process.env.BENCH_WARMUP ?? 5000);
const latencies = (process.env.BENCH_LATENCY_MS ?? "0,1,5,20").split(",").map(Number);
process.env.LOG_LEVEL ??= "warn";

if (!process.env.DATABASE_URL)
  throw new Error("run through `npm run bench`, which provides the database");
// Only so env validation passes for an external database; the benchmark signs no sessions.
process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");

const { IntegrationCore } = await import("../lib/integrations/core/core");
const { createRestClient } = await import("../lib/integrations/core/rest-client");
const { DEFAULT_BREAKER, DEFAULT_HEADERS, DEFAULT_RETRY, DEFAULT_TIMEOUTS } =
  await import("../lib/integrations/core/config");
const { startFaultSimulator } = await import("../simulators/fault/server");
const { parseGenericError } = await import("../lib/integrations/providers/generic/errors");
const { providerAgent, sendRequest } = await import("../lib/integrations/core/http-transport");
const { getPool } = await import("../lib/db/pool");
const { getDb } = await import("../lib/db/client");

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return {
    median: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    mean: sorted.reduce((s, v) => s + v, 0) / sorted.length,
  };
}

const us = (ms: number) => `${(ms * 1000).toFixed(0).padStart(6)} µs`;

const sim = await startFaultSimulator();
const body = {
  id: "ch_bench",
  object: "charge",
  amount: 1999,
  currency: "eur",
  status: "succeeded",
};
const core = new IntegrationCore({
  providers: [
    {
      name: "bench",
      displayName: "Bench",
      baseUrl: sim.url,
      auth: { scheme: "bearer", token: "sk_test_benchmark" },
      // Above the offered load: this measures the limiter's cost, not its waiting.
      rateLimitPerSecond: 100_000,
      timeouts: DEFAULT_TIMEOUTS,
      retry: DEFAULT_RETRY,
      breaker: DEFAULT_BREAKER,
      headers: { ...DEFAULT_HEADERS, idempotencyKey: "Idempotency-Key" },
      parseError: parseGenericError,
    },
  ],
  retentionDays: 30,
});
const client = createRestClient("bench", core);
const url = `${sim.url}/v1/charges/ch_bench`;
const rowsBefore = await getDb().apiCall.count({ where: { provider: "bench" } });
const bareHeaders = { accept: "application/json", authorization: "Bearer sk_test_benchmark" };

// The same HTTP client as the REST client's attempt: undici's fetch over the provider's pool,
// the body read and parsed the same way, and nothing else.
const dispatcher = providerAgent(core.definition("bench"));
async function bare() {
  return sendRequest(url, { method: "GET", headers: bareHeaders, dispatcher });
}
async function full() {
  return client.get("/v1/charges/ch_bench", { operation: "charges.retrieve" });
}
// The simulator records every request for tests; the benchmark does not need them, and a record
// growing by the tens of thousands would burden the heap of both variants alike.
function forgetReceived() {
  sim.received.length = 0;
}
async function time(fn: () => Promise<unknown>) {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

console.log(
  `integration core overhead — ${calls} calls per variant, interleaved, Node ${process.version}`,
);
console.log(
  `database: ${process.env.EMBEDDED_DATABASE ? "embedded PGlite (in memory, served by the parent process)" : "PostgreSQL at DATABASE_URL"}`,
);
sim.setDefault({ status: 200, body, latencyMs: 0 });
for (let index = 0; index < jitWarmup; index++) {
  await bare();
  await full();
  if (index % 500 === 0) forgetReceived();
}
const onPostgres = !process.env.EMBEDDED_DATABASE;
for (const latencyMs of latencies) {
  sim.setDefault({ status: 200, body, latencyMs });
  for (let index = 0; index < 300; index++) {
    await bare();
    await full();
  }
  const bareTimes: number[] = [];
  const fullTimes: number[] = [];
  for (let index = 0; index < calls; index++) {
    // Alternate which goes first so neither always inherits the other's leftovers.
    if (index % 2 === 0) {
      bareTimes.push(await time(bare));
      fullTimes.push(await time(full));
    } else {
      fullTimes.push(await time(full));
      bareTimes.push(await time(bare));
    }
    if (index % 500 === 0) forgetReceived();
  }
  const b = stats(bareTimes);
  const f = stats(fullTimes);
  const medianOverhead = (f.median - b.median) / b.median;
  const p99Overhead = (f.p99 - b.p99) / b.p99;
  const target =
    latencyMs === 1
      ? `   target ≤ 5%: ${medianOverhead <= 0.05 ? "met" : "NOT met"}`
      : latencyMs === 0
        ? "   (no target: an instant provider)"
        : "";
  console.log(`\nsimulated provider latency ${latencyMs} ms`);
  console.log(`  bare call       median ${us(b.median)}   p99 ${us(b.p99)}   mean ${us(b.mean)}`);
  console.log(`  policy stack    median ${us(f.median)}   p99 ${us(f.p99)}   mean ${us(f.mean)}`);
  console.log(
    `  overhead        median +${us(f.median - b.median).trim()} (${(medianOverhead * 100).toFixed(1)}%)   p99 +${us(f.p99 - b.p99).trim()} (${(p99Overhead * 100).toFixed(1)}%)${target}`,
  );
}

// Whole CPU per call: process.cpuUsage over a run of bare calls, then over the same number of
// stack calls including writing their log rows and usage counts (the flush at the end). The
// simulator runs in this process too and serves both runs alike, so the difference is the stack.
sim.setDefault({ status: 200, body, latencyMs: 0 });
await core.flush();
function cpuMicros(usage: NodeJS.CpuUsage) {
  return usage.user + usage.system;
}
// Short runs, alternated, many times: on a shared machine the median of many pairs is steadier
// than a few long runs.
const cpuCalls = Math.max(200, Math.floor(calls / 3));
async function cpuRun(fn: () => Promise<unknown>, finish: () => Promise<void>) {
  forgetReceived();
  const started = process.cpuUsage();
  for (let index = 0; index < cpuCalls; index++) {
    await fn();
    if (index % 500 === 0) forgetReceived();
  }
  await finish();
  return cpuMicros(process.cpuUsage(started)) / cpuCalls;
}
const cpuBare: number[] = [];
const cpuFull: number[] = [];
const cpuStack: number[] = [];
for (let round = 0; round < 9; round++) {
  const bareRun = await cpuRun(bare, async () => {});
  const fullRun = await cpuRun(full, () => core.flush());
  cpuBare.push(bareRun);
  cpuFull.push(fullRun);
  cpuStack.push(fullRun - bareRun);
}
const bareCpu = stats(cpuBare).median;
const fullCpu = stats(cpuFull).median;
const stackCpu = stats(cpuStack).median;
console.log(
  `\nwhole CPU per call (median of 9 alternating pairs of runs of ${cpuCalls}, log and usage writes included)`,
);
console.log(`  bare call       ${bareCpu.toFixed(1).padStart(6)} µs`);
console.log(`  policy stack    ${fullCpu.toFixed(1).padStart(6)} µs`);
console.log(
  `  the stack's own ${stackCpu.toFixed(1).padStart(6)} µs${onPostgres ? `   target ≤ 30 µs on PostgreSQL: ${stackCpu <= 30 ? "met" : "NOT met"}` : "   (the target is for PostgreSQL: DATABASE_URL=… npm run bench)"}`,
);

await core.flush();
const logged = (await getDb().apiCall.count({ where: { provider: "bench" } })) - rowsBefore;
console.log(
  `\nAPI-call rows written during the run: ${logged} (one per policy-stack call, batched)`,
);
await core.shutdown();
await sim.close();
await getPool().end();
process.exit(0);
