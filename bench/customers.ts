// The customer pages at a million customers: server time of the service call (authorization,
// validation, the queries, mapping) for the global search's customer lookups, the Customers list
// (first page, later pages, name prefix, address and Stripe id searches), a customer's detail and
// its timeline (first and second page, filtered by kind and by dates). Each customer has a Stripe
// customer link, an address link, a payment (some refunded), an email and for a fraction email
// events and staff audit entries; one heavy customer has 5,000 payments and 5,000 emails with
// their events, to show that a page costs the same whatever the history. Target: p95 under 100 ms.
//
//   npm run bench:customers                      # a throwaway database on the local PostgreSQL
//   BENCH_ROWS=200000 BENCH_RUNS=200 npm run bench:customers
//   BENCH_KEEP_DB=1 …                            # keep the seeded database (printed) to rerun
//   DATABASE_URL=… npm run bench:customers       # reuse it; seeds only what is missing
import { createHash, randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import type { Actor } from "../lib/auth/permissions";
import { benchDatabase } from "./support/bench-database";
import { runAsServerCode } from "./support/react-server";

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/**
 * The ids the seed gives its rows, so that the benchmark can name a customer without a query: an
 * md5 with the version and variant digits of a v4 UUID, which z.uuid() requires. `sqlUuid` is the
 * same in SQL, on a text expression.
 */
function seededUuid(seed: string): string {
  const hex = createHash("md5").update(seed).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}
const sqlUuid = (text: string) =>
  `overlay(overlay(md5(${text}) placing '4' from 13) placing '8' from 17)::uuid`;
const customerUuid = (i: number) => seededUuid(`bench-customer-${i}`);
const HEAVY_ID = seededUuid("bench-heavy-customer");
const HEAVY_ROWS = 5_000;

/** When row i of n happened: spread over the past year, row 1 the newest. */
const AT = (offset = "0 seconds") =>
  `now() - (i * (interval '365 days' / $3::int)) + interval '${offset}'`;

/**
 * Each statement fills its step's table for customers $1..$2 (some rows only for a fraction of
 * them); $3 is the number of customers, for the dates.
 */
const SEED: { step: string; sql: string }[] = [
  {
    step: "Customer",
    sql: `
      INSERT INTO "Customer" ("id", "createdAt", "updatedAt", "email", "name", "nameKey")
      SELECT ${sqlUuid("'bench-customer-' || i")}, ${AT()}, now(), 'Customer' || i || '@Example.com',
             'Customer ' || i, 'customer ' || i
      FROM generate_series($1::int, $2::int) AS i`,
  },
  {
    step: "CustomerLink",
    sql: `
      INSERT INTO "CustomerLink" ("kind", "value", "customerId", "matchKey", "explanation",
        "createdAt")
      SELECT link.kind::"CustomerLinkKind", link.value, ${sqlUuid("'bench-customer-' || i")},
             link.value, link.explanation, ${AT()}
      FROM generate_series($1::int, $2::int) AS i,
      LATERAL (VALUES
        ('STRIPE_CUSTOMER', 'cus_bench' || i, 'First seen as Stripe customer cus_bench' || i || '.'),
        ('EMAIL', 'customer' || i || '@example.com',
         'Matched by Stripe customer id: address Customer' || i || '@Example.com was seen on a payment of cus_bench' || i || '.')
      ) AS link(kind, value, explanation)`,
  },
  {
    step: "Transaction",
    sql: `
      INSERT INTO "Transaction" ("id", "chargeId", "paymentIntentId", "customerId", "customerEmail",
        "customerEmailLower", "customerName", "amount", "amountCaptured", "amountRefunded",
        "currency", "captured", "chargeStatus", "status", "cardBrand", "cardLast4", "createdAt",
        "providerUpdatedAt", "raw", "syncedAt")
      SELECT ${sqlUuid("'bench-charge-' || i")}, 'ch_bench' || i, 'pi_bench' || i, 'cus_bench' || i,
             'Customer' || i || '@Example.com', 'customer' || i || '@example.com', 'Customer ' || i,
             1000 + i % 9000, 1000 + i % 9000, CASE WHEN i % 20 = 0 THEN 1000 + i % 9000 ELSE 0 END,
             (ARRAY['usd','eur','jpy'])[1 + i % 3], true, 'succeeded',
             (CASE WHEN i % 20 = 0 THEN 'REFUNDED' ELSE 'SUCCEEDED' END)::"TransactionStatus",
             'visa', lpad((i % 10000)::text, 4, '0'), ${AT("1 minute")}, now(),
             '{"object":"charge"}'::jsonb, now()
      FROM generate_series($1::int, $2::int) AS i`,
  },
  {
    step: "Refund",
    sql: `
      INSERT INTO "Refund" ("id", "chargeId", "providerRefundId", "amount", "currency", "status",
        "reason", "createdAt", "updatedAt")
      SELECT gen_random_uuid(), 'ch_bench' || i, 're_bench' || i, 1000 + i % 9000,
             (ARRAY['usd','eur','jpy'])[1 + i % 3], 'SUCCEEDED'::"RefundStatus",
             'requested_by_customer', ${AT("3 days")}, now()
      FROM generate_series($1::int, $2::int) AS i WHERE i % 20 = 0`,
  },
  {
    step: "EmailMessage",
    sql: `
      INSERT INTO "EmailMessage" ("id", "createdAt", "updatedAt", "recipient", "recipientKey",
        "templateId", "templateName", "templateData", "dataHash", "status", "statusAt",
        "providerMessageId", "attempts", "sentAt", "requestId")
      SELECT ${sqlUuid("'bench-email-' || i")}, ${AT("2 minutes")}, now(),
             'Customer' || i || '@Example.com', 'customer' || i || '@example.com',
             'd-receipt', 'Receipt', '{}'::jsonb, md5(i::text),
             (CASE WHEN i % 8 = 0 THEN 'OPENED' ELSE 'DELIVERED' END)::"EmailStatus", now(),
             'sgbench' || i, 1, ${AT("2 minutes")}, gen_random_uuid()
      FROM generate_series($1::int, $2::int) AS i`,
  },
  {
    step: "EmailEvent",
    sql: `
      INSERT INTO "EmailEvent" ("id", "deliveryId", "sgEventId", "type", "email", "emailKey",
        "occurredAt", "receivedAt", "sgMessageId", "messageId")
      SELECT gen_random_uuid(), gen_random_uuid(), 'sgev_bench' || i || e.type, e.type,
             'Customer' || i || '@Example.com', 'customer' || i || '@example.com',
             ${AT("2 minutes")} + e.later, ${AT("2 minutes")} + e.later,
             'sgbench' || i || '.filter0001.1.2.0', ${sqlUuid("'bench-email-' || i")}
      FROM generate_series($1::int, $2::int) AS i,
      LATERAL (VALUES ('delivered', interval '10 seconds'), ('open', interval '2 hours')) AS e(type, later)
      WHERE i % 4 = 0 AND (e.type = 'delivered' OR i % 8 = 0)`,
  },
  {
    step: "AuditLog",
    sql: `
      INSERT INTO "AuditLog" ("id", "createdAt", "actorId", "actorEmail", "action", "outcome",
        "targetType", "targetId")
      SELECT gen_random_uuid(), ${AT("3 days")}, ${sqlUuid("'bench-staff-' || i % 7")},
             'staff' || i % 7 || '@example.com',
             (ARRAY['refund.request','payment.sync','payment.view'])[1 + i % 3],
             'SUCCESS'::"AuditOutcome", 'payment', 'ch_bench' || i
      FROM generate_series($1::int, $2::int) AS i WHERE i % 10 = 0`,
  },
];

/** One customer with HEAVY_ROWS payments and emails; dates spread over the same year. */
const HEAVY_AT = `now() - (j * (interval '365 days' / ${HEAVY_ROWS}))`;
const HEAVY = [
  `INSERT INTO "Customer" ("id", "createdAt", "updatedAt", "email", "name", "nameKey")
   VALUES ('${HEAVY_ID}', now() - interval '366 days', now(), 'Heavy.Customer@Example.com',
           'Heavy Customer', 'heavy customer')`,
  `INSERT INTO "CustomerLink" ("kind", "value", "customerId", "matchKey", "explanation", "createdAt")
   VALUES ('STRIPE_CUSTOMER', 'cus_heavy', '${HEAVY_ID}', 'cus_heavy',
           'First seen as Stripe customer cus_heavy.', now() - interval '366 days'),
          ('EMAIL', 'heavy.customer@example.com', '${HEAVY_ID}', 'heavy.customer@example.com',
           'Matched by Stripe customer id: address Heavy.Customer@Example.com was seen on a payment of cus_heavy.',
           now() - interval '366 days')`,
  `INSERT INTO "Transaction" ("id", "chargeId", "paymentIntentId", "customerId", "customerEmail",
     "customerEmailLower", "customerName", "amount", "amountCaptured", "amountRefunded", "currency",
     "captured", "chargeStatus", "status", "cardBrand", "cardLast4", "createdAt",
     "providerUpdatedAt", "raw", "syncedAt")
   SELECT gen_random_uuid(), 'ch_heavy' || j, 'pi_heavy' || j, 'cus_heavy',
          'Heavy.Customer@Example.com', 'heavy.customer@example.com', 'Heavy Customer',
          1000 + j, 1000 + j, CASE WHEN j % 20 = 0 THEN 1000 + j ELSE 0 END,
          (ARRAY['usd','eur','jpy'])[1 + j % 3], true, 'succeeded',
          (CASE WHEN j % 20 = 0 THEN 'REFUNDED' ELSE 'SUCCEEDED' END)::"TransactionStatus",
          'mastercard', lpad(j::text, 4, '0'), ${HEAVY_AT}, now(), '{"object":"charge"}'::jsonb, now()
   FROM generate_series(1, ${HEAVY_ROWS}) AS j`,
  `INSERT INTO "Refund" ("id", "chargeId", "providerRefundId", "amount", "currency", "status",
     "createdAt", "updatedAt")
   SELECT gen_random_uuid(), 'ch_heavy' || j, 're_heavy' || j, 1000 + j,
          (ARRAY['usd','eur','jpy'])[1 + j % 3], 'SUCCEEDED'::"RefundStatus",
          ${HEAVY_AT} + interval '1 hour', now()
   FROM generate_series(1, ${HEAVY_ROWS}) AS j WHERE j % 20 = 0`,
  `INSERT INTO "EmailMessage" ("id", "createdAt", "updatedAt", "recipient", "recipientKey",
     "templateId", "templateName", "templateData", "dataHash", "status", "statusAt",
     "providerMessageId", "attempts", "sentAt", "requestId")
   SELECT ${sqlUuid("'bench-heavy-email-' || j")}, ${HEAVY_AT} + interval '2 minutes', now(),
          'Heavy.Customer@Example.com', 'heavy.customer@example.com', 'd-receipt', 'Receipt',
          '{}'::jsonb, md5(j::text), 'DELIVERED'::"EmailStatus", now(), 'sgheavy' || j, 1, now(),
          gen_random_uuid()
   FROM generate_series(1, ${HEAVY_ROWS}) AS j`,
  `INSERT INTO "EmailEvent" ("id", "deliveryId", "sgEventId", "type", "email", "emailKey",
     "occurredAt", "receivedAt", "sgMessageId", "messageId")
   SELECT gen_random_uuid(), gen_random_uuid(), 'sgev_heavy' || j || e.type, e.type,
          'Heavy.Customer@Example.com', 'heavy.customer@example.com',
          ${HEAVY_AT} + interval '2 minutes' + e.later, now(), 'sgheavy' || j || '.filter0001.1.2.0',
          ${sqlUuid("'bench-heavy-email-' || j")}
   FROM generate_series(1, ${HEAVY_ROWS}) AS j,
   LATERAL (VALUES ('delivered', interval '10 seconds'), ('open', interval '2 hours')) AS e(type, later)
   WHERE e.type = 'delivered' OR j % 2 = 0`,
  `INSERT INTO "AuditLog" ("id", "createdAt", "actorId", "actorEmail", "action", "outcome",
     "targetType", "targetId")
   SELECT gen_random_uuid(), ${HEAVY_AT} + interval '1 hour', ${sqlUuid("'bench-staff-' || j % 7")},
          'staff' || j % 7 || '@example.com', 'refund.request', 'SUCCESS'::"AuditOutcome",
          'payment', 'ch_heavy' || j
   FROM generate_series(1, ${HEAVY_ROWS}) AS j WHERE j % 10 = 0`,
];

/**
 * Seeds what is missing: each step records how far it got in a table of the benchmark's own, in
 * the transaction of each chunk, so an interrupted or smaller earlier run is continued.
 */
async function seed(databaseUrl: string, rows: number) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  await pool.query(
    `CREATE TABLE IF NOT EXISTS "_BenchCustomersSeed" ("step" text PRIMARY KEY, "through" int NOT NULL)`,
  );
  const through = async (step: string) =>
    Number(
      (
        await pool.query<{ through: number }>(
          `SELECT "through" FROM "_BenchCustomersSeed" WHERE "step" = $1`,
          [step],
        )
      ).rows[0]?.through ?? 0,
    );
  const record = async (client: pg.PoolClient, step: string, value: number) =>
    client.query(
      `INSERT INTO "_BenchCustomersSeed" ("step", "through") VALUES ($1, $2)
       ON CONFLICT ("step") DO UPDATE SET "through" = EXCLUDED."through"`,
      [step, value],
    );
  const inTransaction = async (work: (client: pg.PoolClient) => Promise<void>) => {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await work(client);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    } finally {
      client.release();
    }
  };

  const touched = new Set<string>();
  for (const { step, sql } of SEED) {
    const existing = await through(step);
    if (existing >= rows) continue;
    const started = performance.now();
    const chunk = 250_000;
    for (let from = existing + 1; from <= rows; from += chunk) {
      const to = Math.min(rows, from + chunk - 1);
      await inTransaction(async (client) => {
        await client.query(sql, [from, to, rows]);
        await record(client, step, to);
      });
    }
    touched.add(step);
    console.log(
      `seeded ${step} for customers ${(existing + 1).toLocaleString("en")}–${rows.toLocaleString("en")} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  if ((await through("heavy")) === 0) {
    const started = performance.now();
    await inTransaction(async (client) => {
      for (const sql of HEAVY) await client.query(sql);
      await record(client, "heavy", HEAVY_ROWS);
    });
    for (const { step } of SEED) touched.add(step);
    console.log(
      `seeded the heavy customer (${HEAVY_ROWS.toLocaleString("en")} payments and emails) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  for (const table of touched) await pool.query(`VACUUM ANALYZE "${table}"`);
  await pool.end();
}

async function main() {
  const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
  const runs = Number(process.env.BENCH_RUNS ?? 200);
  process.env.LOG_LEVEL ??= "warn";
  process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");
  const { url: databaseUrl, release } = await benchDatabase("bench_customers", { reuse: true });
  try {
    const { applyMigrations } = await import("../lib/db/migrations");
    await applyMigrations(databaseUrl);
    const seedStarted = performance.now();
    await seed(databaseUrl, rows);
    console.log(`seed checked in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);

    const { globalSearch } = await import("../lib/search/global-search");
    const { listCustomers } = await import("../lib/customers/list");
    const { getCustomerDetail } = await import("../lib/customers/detail");
    const { getCustomerTimeline } = await import("../lib/customers/timeline");
    // ADMIN holds console:read, so authorize() passes without a User row (it writes only denials).
    const actor: Actor = { id: randomUUID(), email: "bench@example.com", role: "ADMIN" };
    const random = (n: number) => 1 + Math.floor(Math.random() * n);

    const results: { label: string; p95: number }[] = [];
    /** `call` answers how many items it got, to show that each query finds what it should. */
    const measure = async (label: string, call: () => Promise<number>) => {
      for (let warm = 0; warm < 5; warm++) await call();
      const times: number[] = [];
      let found = 0;
      for (let run = 0; run < runs; run++) {
        const started = performance.now();
        found += await call();
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const p95 = percentile(times, 95);
      results.push({ label, p95 });
      console.log(
        `${label.padEnd(50)} p50 ${percentile(times, 50).toFixed(2).padStart(7)} ms  p95 ${p95.toFixed(2).padStart(7)} ms  items ${(found / runs).toFixed(1).padStart(5)}  ${p95 < 100 ? "under 100 ms" : "OVER 100 ms"}`,
      );
    };
    const search = (q: () => string) => async () =>
      (await globalSearch({ actor, input: { q: q() } })).groups.reduce(
        (sum, group) => sum + group.items.length,
        0,
      );
    const list = (input: () => Record<string, string>) => async () =>
      (await listCustomers({ actor, input: input() })).items.length;
    const detail = (customerId: () => string) => async () => {
      const found = await getCustomerDetail({ actor, customerId: customerId() });
      return found.totals.reduce((sum, total) => sum + total.payments, 0);
    };
    const timeline = (customerId: () => string, input: Record<string, string>) => async () =>
      (await getCustomerTimeline({ actor, customerId: customerId(), input })).items.length;

    // A deep page of the newest-first list, as its cursor would name it: after a random customer.
    const deep = random(rows);
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    const deepRow = (
      await pool.query<{ createdAt: Date }>(`SELECT "createdAt" FROM "Customer" WHERE "id" = $1`, [
        customerUuid(deep),
      ])
    ).rows[0];
    await pool.end();
    if (!deepRow) throw new Error(`customer ${deep} was not seeded`);
    const deepCursor = Buffer.from(
      JSON.stringify({
        by: "recent",
        t: deepRow.createdAt.toISOString(),
        id: customerUuid(deep),
      }),
    ).toString("base64url");
    const firstPage = await listCustomers({ actor, input: {} });
    const deepPage = await listCustomers({ actor, input: { after: deepCursor } });
    const heavyFirst = await getCustomerTimeline({ actor, customerId: HEAVY_ID, input: {} });
    if (!firstPage.next || !deepPage.next || !heavyFirst.next)
      throw new Error("expected a next page for the list and the heavy customer's timeline");
    const firstNext = firstPage.next;
    const deepNext = deepPage.next;
    const heavyNext = heavyFirst.next;
    // A month in the middle of the heavy customer's year.
    const day = (daysAgo: number) =>
      new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
    const range = { from: day(200), to: day(170) };

    console.log(
      `\n${rows.toLocaleString("en")} customers (2 links, a payment, an email each; refunds, email events and staff entries for some) and one with ${HEAVY_ROWS.toLocaleString("en")} payments and emails; ${runs} runs per query kind`,
    );
    await measure(
      "search: address in upper case",
      search(() => `CUSTOMER${random(rows)}@EXAMPLE.COM`),
    );
    await measure(
      "search: Stripe customer id (cus_)",
      search(() => `cus_bench${random(rows)}`),
    );
    await measure(
      "search: unknown address",
      search(() => `nobody${random(rows)}@example.org`),
    );
    await measure(
      "list: first page",
      list(() => ({})),
    );
    await measure(
      "list: second page",
      list(() => ({ after: firstNext })),
    );
    await measure(
      `list: page after customer ${deep.toLocaleString("en")}`,
      list(() => ({ after: deepNext })),
    );
    await measure(
      "list: name prefix (customer 12345)",
      list(() => ({ q: `customer ${random(Math.max(1, Math.floor(rows / 100)))}` })),
    );
    await measure(
      "list: exact address",
      list(() => ({ q: `customer${random(rows)}@example.com` })),
    );
    await measure(
      "list: Stripe customer id (cus_)",
      list(() => ({ q: `cus_bench${random(rows)}` })),
    );
    await measure(
      "detail: random customer",
      detail(() => customerUuid(random(rows))),
    );
    await measure(
      `detail: heavy customer`,
      detail(() => HEAVY_ID),
    );
    await measure(
      "timeline: random customer, first page",
      timeline(() => customerUuid(random(rows)), {}),
    );
    await measure(
      "timeline: heavy customer, first page",
      timeline(() => HEAVY_ID, {}),
    );
    await measure(
      "timeline: heavy customer, second page",
      timeline(() => HEAVY_ID, { after: heavyNext }),
    );
    await measure(
      "timeline: heavy customer, email events",
      timeline(() => HEAVY_ID, { kinds: "email_event" }),
    );
    await measure(
      `timeline: heavy customer, ${range.from}..${range.to}`,
      timeline(() => HEAVY_ID, range),
    );

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
