// The webhook deliveries page at 100,000 deliveries: server time of the list query (the service
// call: validation, authorisation, the query, mapping) for the first page, filtered pages, and deep
// keyset pages, against a trivial query through the same client as the baseline.
//
//   npm run bench:deliveries                  # a throwaway database on the local PostgreSQL
//   BENCH_ROWS=100000 BENCH_RUNS=200 npm run bench:deliveries
//   BENCH_POSTGRES_URL=postgresql://user@host:5432/postgres npm run bench:deliveries
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { benchDatabase } from "./support/bench-database";
import { runAsServerCode } from "./support/react-server";

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const TARGET_P95_MS = 100;

/**
 * 100,000 deliveries over 30 days from three providers: mostly processed, some failed,
 * dead-lettered and rejected, twenty event types, bodies of about 1 KiB.
 */
const SEED = `
  INSERT INTO "WebhookDelivery" ("id", "provider", "eventId", "eventType", "status", "body",
    "rejectReason", "attempts", "lastError", "occurredAt", "receivedAt", "processedAt", "updatedAt")
  SELECT gen_random_uuid(), p.provider,
         CASE WHEN s.status = 'REJECTED' THEN NULL ELSE 'evt_' || md5(i::text || $2) END,
         CASE WHEN s.status = 'REJECTED' THEN NULL ELSE p.provider || '.event_' || (i % 17) END,
         s.status::"WebhookDeliveryStatus",
         '{"id":"evt_' || i || '","data":{"object":{"padding":"' || repeat('x', 900) || '"}}}',
         CASE WHEN s.status = 'REJECTED' THEN 'no signature matches a configured secret' END,
         CASE WHEN s.status = 'PROCESSED' THEN 1 WHEN s.status = 'REJECTED' THEN 0 ELSE 9 END,
         CASE WHEN s.status IN ('FAILED', 'DEAD_LETTERED') THEN 'handler failed' END,
         t.at, t.at, CASE WHEN s.status = 'PROCESSED' THEN t.at END, t.at
  FROM generate_series(1, $1::int) AS i
  -- "+ i * 0": an uncorrelated LATERAL would be computed once, giving every row one timestamp.
  CROSS JOIN LATERAL (SELECT now() - ((random() + i * 0) * interval '30 days') AS at) AS t
  CROSS JOIN LATERAL (SELECT CASE WHEN i % 20 < 12 THEN 'stripe'
                                  WHEN i % 20 < 19 THEN 'sendgrid' ELSE 'acme' END AS provider) AS p
  CROSS JOIN LATERAL (SELECT CASE WHEN (i * 19) % 100 < 95 THEN 'PROCESSED'
                                  WHEN (i * 19) % 100 < 96 THEN 'FAILED'
                                  WHEN (i * 19) % 100 < 97 THEN 'DEAD_LETTERED'
                                  ELSE 'REJECTED' END AS status) AS s`;

async function main() {
  const rows = Number(process.env.BENCH_ROWS ?? 100_000);
  const runs = Number(process.env.BENCH_RUNS ?? 200);
  process.env.LOG_LEVEL ??= "warn";
  process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");
  const { url: databaseUrl, release } = await benchDatabase("bench_deliveries", { reuse: false });
  try {
    const { applyMigrations } = await import("../lib/db/migrations");
    await applyMigrations(databaseUrl);
    const seedPool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    const started = performance.now();
    await seedPool.query(SEED, [rows, randomUUID()]);
    await seedPool.query(`ANALYZE "WebhookDelivery"`);
    console.log(
      `seeded ${rows.toLocaleString("en")} deliveries in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    // Cursors for deep pages: the row half-way down the list, unfiltered and filtered.
    const deepRow = async (where: string) =>
      (
        await seedPool.query<{ id: string; receivedAt: Date }>(
          `SELECT "id", "receivedAt" FROM "WebhookDelivery" ${where}
           ORDER BY "receivedAt" DESC, "id" DESC OFFSET $1 LIMIT 1`,
          [Math.floor(rows / 2)],
        )
      ).rows[0];
    const deep = await deepRow("");
    const deepStripe = await deepRow(`WHERE "provider" = 'stripe'`);
    await seedPool.end();
    if (!deep || !deepStripe) throw new Error("no rows seeded");

    const { getDb } = await import("../lib/db/client");
    const { encodeCursor } = await import("../lib/webhooks/filters");
    const { listDeliveries } = await import("../lib/webhooks/queries");
    const actor = { id: randomUUID(), email: "bench@example.com", role: "VIEWER" as const };
    const day = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);

    const time = async (label: string, call: () => Promise<number>) => {
      for (let warm = 0; warm < 10; warm++) await call();
      const times: number[] = [];
      let found = 0;
      for (let run = 0; run < runs; run++) {
        const begun = performance.now();
        found = await call();
        times.push(performance.now() - begun);
      }
      times.sort((a, b) => a - b);
      return { label, p50: percentile(times, 50), p95: percentile(times, 95), found };
    };
    const page = (input: Record<string, string>) => async () =>
      (await listDeliveries({ actor, input })).deliveries.length;

    const baseline = await time("baseline: SELECT 1 through Prisma", async () => {
      await getDb().$queryRaw`SELECT 1`;
      return 1;
    });
    const results = [
      await time("first page", page({})),
      await time(
        "filtered: stripe, dead-lettered",
        page({ provider: "stripe", status: "DEAD_LETTERED" }),
      ),
      await time("filtered: one event type", page({ eventType: "sendgrid.event_3" })),
      await time(
        "filtered, no match: acme, dead-lettered, one type",
        page({ provider: "acme", status: "DEAD_LETTERED", eventType: "acme.event_1" }),
      ),
      await time(
        "filtered, rare: stripe, one type, failed",
        page({ provider: "stripe", eventType: "stripe.event_5", status: "FAILED" }),
      ),
      await time("filtered: rejected, one day", page({ status: "REJECTED", from: day, to: day })),
      await time(
        `deep keyset page (row ${Math.floor(rows / 2).toLocaleString("en")})`,
        page({ after: encodeCursor(deep) }),
      ),
      await time(
        "deep keyset page, filtered (stripe)",
        page({ provider: "stripe", after: encodeCursor(deepStripe) }),
      ),
    ];
    console.log(
      `\n${rows.toLocaleString("en")} deliveries, ${runs} runs each, page of 50 (server time of listDeliveries)\n`,
    );
    const width = Math.max(...results.map((result) => result.label.length), baseline.label.length);
    const line = (result: typeof baseline) =>
      `${result.label.padEnd(width)}  p50 ${result.p50.toFixed(2).padStart(7)} ms  p95 ${result.p95
        .toFixed(2)
        .padStart(
          7,
        )} ms  (${(result.p95 / baseline.p95).toFixed(1)}× baseline p95)  rows ${result.found}`;
    console.log(line(baseline));
    for (const result of results) console.log(line(result));
    const worst = Math.max(...results.map((result) => result.p95));
    console.log(
      `\nworst p95 ${worst.toFixed(2)} ms: ${worst < TARGET_P95_MS ? "under" : "OVER"} the ${TARGET_P95_MS} ms target`,
    );
    await getDb().$disconnect();
    await (await import("../lib/db/pool")).getPool().end();
  } finally {
    await release();
  }
  process.exit(0);
}

await runAsServerCode(main);
