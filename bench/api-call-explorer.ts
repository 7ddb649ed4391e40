// The API-call explorer at a million rows: server time (the service call: validation, the query,
// mapping) of the first page, filtered pages, and a deep keyset page. Target: p95 under 100 ms.
//
//   npm run bench:explorer                         # a throwaway database on the local PostgreSQL
//   BENCH_ROWS=1000000 BENCH_RUNS=100 npm run bench:explorer
//   BENCH_KEEP_DB=1 …                              # keep the seeded database (printed) to rerun
//   DATABASE_URL=… npm run bench:explorer          # reuse it; seeds only what is missing
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { benchDatabase } from "./support/bench-database";
import { runAsServerCode } from "./support/react-server";

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const PROVIDERS = ["stripe", "sendgrid", "crm", "shipping"];
const ACTORS = 50;

/**
 * One million rows by INSERT … SELECT from generate_series: 30 days of calls, newest at i=1;
 * 94 % successes, the rest (hashed, so independent of the provider) errors, 429s and timeouts; a correlation id on every
 * third row (shared by three attempts), an actor on every fifth.
 */
const SEED_SQL = `
  INSERT INTO "ApiCall" ("id", "createdAt", "provider", "operation", "method", "path", "status",
    "durationMs", "attempt", "outcome", "errorCode", "providerRequestId", "idempotencyKey",
    "correlationId", "actorId", "actorEmail", "requestBody", "responseBody")
  SELECT gen_random_uuid(),
         now() - (i * (interval '30 days' / $1::int)),
         (ARRAY['stripe','sendgrid','crm','shipping'])[1 + i % 4],
         (ARRAY['charges.list','refunds.create','mail.send','contacts.read','labels.create'])[1 + (i / 4) % 5],
         CASE WHEN i % 2 = 0 THEN 'POST' ELSE 'GET' END,
         '/v1/objects/' || i,
         CASE WHEN abs(hashint4(i) % 100) < 94 THEN 200
              WHEN abs(hashint4(i) % 100) < 97 THEN 500 + i % 4
              WHEN abs(hashint4(i) % 100) < 99 THEN 429 ELSE NULL END,
         ((i::bigint * 7919) % 2000)::int,
         1 + i % 3 / 2,
         (CASE WHEN abs(hashint4(i) % 100) < 94 THEN 'SUCCESS'
               WHEN abs(hashint4(i) % 100) < 97 THEN 'HTTP_ERROR'
               WHEN abs(hashint4(i) % 100) < 99 THEN 'RATE_LIMITED'
               ELSE 'TIMEOUT' END)::"ApiCallOutcome",
         CASE WHEN abs(hashint4(i) % 100) >= 94 THEN 'provider_error' ELSE NULL END,
         'req_' || i,
         NULL,
         CASE WHEN i % 3 = 0 THEN 'corr-' || (i / 9) ELSE NULL END,
         CASE WHEN i % 5 = 0 THEN ('00000000-0000-4000-8000-' || lpad(((i / 5) % ${ACTORS})::text, 12, '0'))::uuid ELSE NULL END,
         CASE WHEN i % 5 = 0 THEN 'actor' || ((i / 5) % ${ACTORS}) || '@example.com' ELSE NULL END,
         jsonb_build_object('amount', i % 10000, 'currency', 'usd'),
         jsonb_build_object('id', 'obj_' || i, 'object', 'thing', 'status', 'ok')
  FROM generate_series($2::int, $3::int) AS i`;

async function main() {
  const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
  const runs = Number(process.env.BENCH_RUNS ?? 100);
  process.env.LOG_LEVEL ??= "warn";
  process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");
  const { url: databaseUrl, release } = await benchDatabase("bench_explorer", { reuse: true });
  try {
    const { applyMigrations } = await import("../lib/db/migrations");
    await applyMigrations(databaseUrl);
    const seedPool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    const existing = Number(
      (await seedPool.query<{ n: string }>(`SELECT count(*) AS n FROM "ApiCall"`)).rows[0]?.n ?? 0,
    );
    if (existing < rows) {
      const started = performance.now();
      const chunk = 250_000;
      for (let from = existing + 1; from <= rows; from += chunk)
        await seedPool.query(SEED_SQL, [rows, from, Math.min(rows, from + chunk - 1)]);
      await seedPool.query(`VACUUM ANALYZE "ApiCall"`);
      console.log(
        `seeded ${(rows - existing).toLocaleString("en")} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    }
    await seedPool.end();

    const { listApiCalls } = await import("../lib/api-calls/queries");
    const actor = { id: randomUUID(), email: "bench@example.com", role: "VIEWER" as const };
    const random = (n: number) => Math.floor(Math.random() * n);
    const results: { label: string; p95: number }[] = [];
    const measure = async (label: string, input: () => Record<string, string>) => {
      for (let warm = 0; warm < 5; warm++) await listApiCalls({ actor, input: input() });
      const times: number[] = [];
      let found = 0;
      for (let run = 0; run < runs; run++) {
        const started = performance.now();
        const page = await listApiCalls({ actor, input: input() });
        times.push(performance.now() - started);
        found += page.calls.length;
      }
      times.sort((a, b) => a - b);
      const p95 = percentile(times, 95);
      results.push({ label, p95 });
      console.log(
        `${label.padEnd(40)} p50 ${percentile(times, 50).toFixed(2).padStart(7)} ms  p95 ${p95.toFixed(2).padStart(7)} ms  rows/page ${(found / runs).toFixed(1).padStart(5)}  ${p95 < 100 ? "under 100 ms" : "OVER 100 ms"}`,
      );
    };

    let cursor: string | null = null;
    const walkStarted = performance.now();
    for (let page = 1; page < 1000; page++) {
      const result = await listApiCalls({ actor, input: cursor ? { after: cursor } : {} });
      cursor = result.next;
      if (!cursor) throw new Error(`the log ran out at page ${page}`);
    }
    const deep = cursor;
    if (!deep) throw new Error("no cursor for page 1,000");
    console.log(
      `\n${rows.toLocaleString("en")} API calls, 50 per page, ${runs} runs each (walked to page 1,000 in ${((performance.now() - walkStarted) / 1000).toFixed(1)} s)`,
    );
    await measure("first page", () => ({}));
    await measure("page 1,000 (keyset)", () => ({ after: deep }));
    await measure("provider + status 5xx", () => ({
      provider: PROVIDERS[random(PROVIDERS.length)] ?? "stripe",
      status: "5xx",
    }));
    await measure("provider + TIMEOUT (1 %)", () => ({
      provider: PROVIDERS[random(PROVIDERS.length)] ?? "stripe",
      status: "TIMEOUT",
    }));
    await measure("correlation id", () => ({ correlationId: `corr-${random(rows / 9)}` }));
    await measure("actor by email", () => ({ actor: `actor${random(ACTORS)}@example.com` }));
    await measure("actor by id", () => ({
      actor: `00000000-0000-4000-8000-${String(random(ACTORS)).padStart(12, "0")}`,
    }));
    await measure("operation", () => ({ operation: "refunds.create" }));
    await measure("slower than 1,990 ms (0.5 %)", () => ({ minMs: "1990" }));
    await measure("no match (provider + 418)", () => ({ provider: "crm", status: "418" }));
    await measure("no match (slower than 1 h)", () => ({ minMs: "3600000" }));

    // What the explorer's indexes cost the writer: the core's own batched insert, 20 batches of 500.
    // Dated in the past and deleted afterwards, so that a rerun measures the same newest rows.
    const { ApiCallLog } = await import("../lib/integrations/core/call-log");
    const log = new ApiCallLog({ retentionDays: 100_000, maxBatch: 500 });
    const written = 10_000;
    const writeStarted = performance.now();
    for (let index = 0; index < written; index++) {
      log.record({
        createdAt: Date.UTC(2000, 0, 1) + index,
        provider: PROVIDERS[index % 4] ?? "stripe",
        operation: "charges.list",
        method: "GET",
        path: `/v1/charges/${index}`,
        status: 200,
        durationMs: index % 900,
        attempt: 1,
        outcome: "SUCCESS",
        errorCode: null,
        providerRequestId: `req_w${index}`,
        idempotencyKey: null,
        correlationId: index % 3 === 0 ? `w-${index}` : null,
        actorId: null,
        actorEmail: index % 5 === 0 ? "actor1@example.com" : null,
        requestBody: { amount: index },
        responseBody: { id: `ch_${index}`, status: "ok" },
      });
    }
    await log.flush();
    const writeMs = performance.now() - writeStarted;
    console.log(
      `log writes with the explorer's indexes: ${written.toLocaleString("en")} rows in ${writeMs.toFixed(0)} ms (${Math.round((written / writeMs) * 1000).toLocaleString("en")} rows/s)`,
    );

    const cleanup = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    await cleanup.query(`DELETE FROM "ApiCall" WHERE "providerRequestId" LIKE 'req_w%'`);
    await cleanup.end();

    const worst = results.reduce((a, b) => (b.p95 > a.p95 ? b : a));
    console.log(
      `\nworst p95: ${worst.label} ${worst.p95.toFixed(2)} ms (${worst.p95 < 100 ? "within" : "OVER"} the 100 ms target)`,
    );
    const { getPool } = await import("../lib/db/pool");
    await getPool().end();
  } finally {
    await release();
  }
}

await runAsServerCode(main);
