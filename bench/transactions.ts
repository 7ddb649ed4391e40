// The transactions list at a million rows: server time (the service call: validation, the
// query, mapping) of the first page, page 1,000 by keyset, a search by email and by id.
//
//   npx tsx bench/transactions.ts            # a throwaway database on the local PostgreSQL
//   DATABASE_URL=… npx tsx bench/transactions.ts
//   BENCH_ROWS=1000000 BENCH_RUNS=200 npx tsx bench/transactions.ts
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { benchDatabase } from "./support/bench-database";
import { runAsServerCode } from "./support/react-server";

await runAsServerCode(main);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function main() {
  const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
  const runs = Number(process.env.BENCH_RUNS ?? 200);
  process.env.LOG_LEVEL ??= "warn";
  process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");
  const { url: databaseUrl, release } = await benchDatabase("bench_tx", { reuse: true });
  try {
    const { applyMigrations } = await import("../lib/db/migrations");
    await applyMigrations(databaseUrl);
    const { seedTransactions } = await import("../scripts/seed-transactions");
    // Ended before the measurements: a pool left open is cut off by the database's drop at the
    // end, and its unhandled error used to end the run with a stack trace.
    const countPool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    const seeded = Number(
      (
        await countPool.query<{ n: string }>(
          `SELECT count(*) AS n FROM "Transaction" WHERE "chargeId" LIKE 'ch_seed%'`,
        )
      ).rows[0]?.n ?? 0,
    );
    await countPool.end();
    if (seeded < rows) {
      const started = performance.now();
      await seedTransactions(databaseUrl, rows - seeded);
      console.log(
        `seeded ${rows - seeded} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    }
    const { listTransactions } = await import("../lib/payments/queries");
    const actor = { id: randomUUID(), email: "bench@example.com", role: "VIEWER" as const };
    const measure = async (label: string, input: () => Record<string, string>) => {
      for (let warm = 0; warm < 10; warm++) await listTransactions({ actor, input: input() });
      const times: number[] = [];
      let found = 0;
      for (let run = 0; run < runs; run++) {
        const started = performance.now();
        const page = await listTransactions({ actor, input: input() });
        times.push(performance.now() - started);
        found += page.rows.length;
      }
      times.sort((a, b) => a - b);
      const p95 = percentile(times, 95);
      console.log(
        `${label.padEnd(34)} p50 ${percentile(times, 50).toFixed(2).padStart(6)} ms  p95 ${p95.toFixed(2).padStart(6)} ms  p99 ${percentile(times, 99).toFixed(2).padStart(6)} ms  rows/page ${(found / runs).toFixed(1).padStart(5)}  ${p95 < 50 ? "under 50 ms" : "OVER 50 ms"}`,
      );
    };
    let cursor: string | null = null;
    const walkStarted = performance.now();
    for (let page = 1; page < 1000; page++) {
      const result = await listTransactions({ actor, input: cursor ? { cursor } : {} });
      cursor = result.next;
      if (!cursor) throw new Error(`the table ran out at page ${page}`);
    }
    const page1000 = cursor;
    if (!page1000) throw new Error("no cursor for page 1,000");
    console.log(
      `\n${rows.toLocaleString("en")} transactions, 50 per page, ${runs} runs each (walked to page 1,000 in ${((performance.now() - walkStarted) / 1000).toFixed(1)} s)`,
    );
    const random = (n: number) => Math.floor(Math.random() * n);
    await measure("first page", () => ({}));
    await measure("page 1,000 (keyset)", () => ({ cursor: page1000 }));
    await measure("search by email", () => ({ q: `customer${random(50_000)}@example.com` }));
    await measure("search by charge id", () => ({
      q: `ch_seed${String(1 + random(rows)).padStart(10, "0")}`,
    }));
    await measure("search by payment intent id", () => ({
      q: `pi_seed${String(1 + random(rows)).padStart(10, "0")}`,
    }));
    await measure("first page, status REFUNDED + eur", () => ({
      status: "REFUNDED",
      currency: "eur",
    }));
    const { getPool } = await import("../lib/db/pool");
    await getPool().end();
  } finally {
    await release();
  }
}
