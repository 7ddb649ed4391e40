// Server time of the integration-health pages' services over a large API-call log:
// one million attempts over 30 days (and their per-minute aggregates) on PostgreSQL, then
// 200 timed calls of the overview and of a provider's detail, and of a whole /api/metrics scrape.
// The aim is under 100 ms p95. For scale, the same figures computed from the raw log (what the
// aggregates and running totals replace) are timed in the same run.
//
//   npm run bench:health                 # seeds once into postgresql://…/overview_bench
//   BENCH_RESEED=1 npm run bench:health  # drops and seeds again
//   DATABASE_URL=postgresql://… npm run bench:health
import { randomBytes } from "node:crypto";
import pg from "pg";

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const DAYS = 30;
process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/overview_bench";
process.env.LOG_LEVEL ??= "warn";
process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");
const databaseUrl = process.env.DATABASE_URL;

const { applyMigrations } = await import("../lib/db/migrations");
const { LATENCY_BOUNDS_MS, LATENCY_BUCKET_COUNT } =
  await import("../lib/integrations/core/latency-histogram");
const { CALL_DURATION_BOUNDS_MS } = await import("../lib/integrations/core/call-totals");

async function ensureDatabase(reseed: boolean) {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unexpected database name "${name}"`);
  url.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  if (reseed) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
}

await ensureDatabase(process.env.BENCH_RESEED === "1");
await applyMigrations(databaseUrl);

const { getDb } = await import("../lib/db/client");
const { getPool } = await import("../lib/db/pool");
const { getProviderHealthDetail, getProviderHealthOverview } =
  await import("../lib/integrations/provider-health");
const { getProviders, shutdownIntegrationCore } = await import("../lib/integrations/runtime");
const { createTestActor } = await import("./support/bench-actor");
// The scrape without its access check (service.ts), which needs Next's request context.
const { readMetricsSnapshot } = await import("../lib/metrics/snapshot");
const { buildRegistry } = await import("../lib/metrics/registry");
const renderMetrics = async () => buildRegistry(await readMetricsSnapshot()).metrics();

const providers = getProviders().map((provider) => provider.name);
const seeded = await getDb().apiCall.count();
// A run cut short leaves the raw rows without their aggregates: seed again then.
const complete =
  seeded >= ROWS &&
  (await getDb().apiCallMinute.count()) > 0 &&
  (await getDb().apiUsageMinute.count()) > 0;
if (!complete) {
  const started = performance.now();
  console.log(`seeding ${ROWS.toLocaleString()} API-call rows over ${DAYS} days…`);
  const db = getPool();
  await db.query(`TRUNCATE "ApiCall", "ApiCallMinute", "ApiUsageMinute", "ApiCallTotal"`);
  // Spread evenly back from now; about 5% failures (a third of them 429s), latencies skewed.
  await db.query(
    `INSERT INTO "ApiCall" ("id", "createdAt", "provider", "operation", "method", "path", "status",
       "durationMs", "attempt", "outcome", "errorCode")
     SELECT gen_random_uuid(),
            now() - (i * ($2::float8 * 86400000 / $1)) * interval '1 millisecond',
            ($3::text[])[1 + i % array_length($3::text[], 1)],
            (ARRAY['charges.list', 'charges.retrieve', 'refunds.create'])[1 + (i / 7) % 3],
            'GET', '/v1/bench',
            CASE WHEN i % 20 = 0 THEN (CASE WHEN i % 60 = 0 THEN 429 ELSE 503 END) ELSE 200 END,
            (20 + (random() ^ 4) * 3000)::int,
            1,
            (CASE WHEN i % 20 = 0 THEN 'HTTP_ERROR' ELSE 'SUCCESS' END)::"ApiCallOutcome",
            CASE WHEN i % 20 = 0 THEN 'HTTP_503' END
     FROM generate_series(1, $1) AS i`,
    [ROWS, DAYS, providers],
  );
  // The aggregates, as the meters would have written them, derived once from the raw rows.
  const thresholds = LATENCY_BOUNDS_MS.map((bound) => bound + 1).join(",");
  const bucketCounts = Array.from(
    { length: LATENCY_BUCKET_COUNT },
    (_, index) =>
      `count(*) FILTER (WHERE width_bucket("durationMs", ARRAY[${thresholds}]) = ${index})::int`,
  ).join(", ");
  await db.query(
    `INSERT INTO "ApiCallMinute" ("provider", "minute", "attempts", "successes", "httpErrors",
       "throttled", "latencyBuckets", "latencyMaxMs", "lastErrorAt", "lastErrorMessage")
     SELECT provider, date_trunc('minute', "createdAt"), count(*)::int,
            count(*) FILTER (WHERE outcome = 'SUCCESS')::int,
            count(*) FILTER (WHERE outcome = 'HTTP_ERROR')::int,
            count(*) FILTER (WHERE status = 429)::int,
            ARRAY[${bucketCounts}], max("durationMs"),
            max("createdAt") FILTER (WHERE outcome <> 'SUCCESS'),
            CASE WHEN count(*) FILTER (WHERE outcome <> 'SUCCESS') > 0
                 THEN initcap(provider) || ' is having problems (HTTP 503).' END
     FROM "ApiCall" GROUP BY provider, date_trunc('minute', "createdAt")`,
  );
  await db.query(
    `INSERT INTO "ApiUsageMinute" ("provider", "operation", "minute", "calls", "errors",
       "rateLimited", "quotaLimit", "quotaRemaining", "quotaResetAt")
     SELECT provider, operation, date_trunc('minute', "createdAt"), count(*)::int,
            count(*) FILTER (WHERE outcome <> 'SUCCESS')::int,
            count(*) FILTER (WHERE status = 429)::int,
            600, 600 - (extract(minute FROM date_trunc('minute', "createdAt"))::int * 9),
            date_trunc('hour', date_trunc('minute', "createdAt")) + interval '1 hour'
     FROM "ApiCall" GROUP BY provider, operation, date_trunc('minute', "createdAt")`,
  );
  await db.query(`ANALYZE "ApiCall"; ANALYZE "ApiCallMinute"; ANALYZE "ApiUsageMinute"`);
  console.log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
if ((await getDb().apiCallTotal.count()) === 0) {
  // The running totals, as the log writer would have kept them (the migration's backfill).
  await getPool().query(
    `INSERT INTO "ApiCallTotal" ("provider", "operation", "outcome", "calls", "durationBuckets", "durationSumMs")
     SELECT "provider", "operation", "outcome", count(*),
            ARRAY[${CALL_DURATION_BOUNDS_MS.map((bound) => `count(*) FILTER (WHERE "durationMs" <= ${bound})`).join(", ")}],
            coalesce(sum("durationMs"), 0)
     FROM "ApiCall" GROUP BY "provider", "operation", "outcome"`,
  );
}
const minuteRows = await getDb().apiCallMinute.count();
console.log(
  `${(await getDb().apiCall.count()).toLocaleString()} API-call rows, ${minuteRows.toLocaleString()} per-minute rows, providers: ${providers.join(", ")}`,
);

const actor = await createTestActor();

async function time(label: string, count: number, run: () => Promise<unknown>) {
  for (let index = 0; index < 5; index++) await run();
  const samples: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (p: number) =>
    samples[Math.min(samples.length - 1, Math.ceil(p * samples.length) - 1)] ?? NaN;
  console.log(
    `  ${label.padEnd(52)} p50 ${at(0.5).toFixed(1).padStart(7)} ms   p95 ${at(0.95).toFixed(1).padStart(7)} ms   (${count} requests)`,
  );
  return at(0.95);
}

console.log(`\nserver time, sequential, after 5 warm-up calls each`);
const overview = await time("overview (all tiles, 1/15/60 min)", REQUESTS, () =>
  getProviderHealthOverview({ actor }),
);
const detail = await time("provider detail, last hour", REQUESTS, () =>
  getProviderHealthDetail({ actor, provider: providers[0] ?? "stripe" }),
);
await time("provider detail, last 24 hours", Math.min(REQUESTS, 50), () =>
  getProviderHealthDetail({ actor, provider: providers[0] ?? "stripe", input: { minutes: 1440 } }),
);
// The same hour's figures straight from the raw log, for comparison: what the aggregates replace.
const raw = await time("baseline: the hour's percentiles from the raw log", 20, () =>
  getPool().query(
    `SELECT provider, count(*), count(*) FILTER (WHERE outcome <> 'SUCCESS'),
            percentile_disc(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY "durationMs")
     FROM "ApiCall" WHERE "createdAt" >= now() - interval '60 minutes' GROUP BY provider`,
  ),
);
await time("baseline: a day's percentiles from the raw log", 10, () =>
  getPool().query(
    `SELECT provider, count(*), percentile_disc(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY "durationMs")
     FROM "ApiCall" WHERE "createdAt" >= now() - interval '24 hours' GROUP BY provider`,
  ),
);
const scrape = await time("/api/metrics scrape (whole text)", Math.min(REQUESTS, 100), () =>
  renderMetrics(),
);
// What the scrape's call series cost when they were counted from the raw log on every scrape.
const scrapeRaw = await time("baseline: the call series from the raw log", 10, () =>
  getPool().query(
    `SELECT "provider", "operation", "outcome", count(*),
            ARRAY[${CALL_DURATION_BOUNDS_MS.map((bound) => `count(*) FILTER (WHERE "durationMs" <= ${bound})`).join(", ")}],
            sum("durationMs")
     FROM "ApiCall" GROUP BY "provider", "operation", "outcome"`,
  ),
);
console.log(
  `\noverview p95 ${overview.toFixed(1)} ms, detail p95 ${detail.toFixed(1)} ms, metrics scrape p95 ${scrape.toFixed(1)} ms (aim < 100 ms); raw-log hour p95 ${raw.toFixed(1)} ms, raw-log call series p95 ${scrapeRaw.toFixed(1)} ms`,
);
await getDb().user.delete({ where: { id: actor.id } });
await shutdownIntegrationCore();
await getPool().end();
process.exit(overview < 100 && detail < 100 && scrape < 100 ? 0 : 1);
