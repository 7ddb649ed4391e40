// Fills the Transaction table with synthetic payments for the list benchmark and for trying the
// console at volume: `DATABASE_URL=postgresql://… npx tsx scripts/seed-transactions.ts 1000000`.
// Rows look like real ones (50,000 customers, five currencies with JPY among them, refunds,
// failures, disputes, one payment every 30 s going back in time) and are marked as seeded
// (charge ids ch_seed…), so they can be removed with --remove.
import pg from "pg";

export async function seedTransactions(databaseUrl: string, count: number): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const start = Number(
      (
        await client.query<{ n: string }>(
          `SELECT count(*) AS n FROM "Transaction" WHERE "chargeId" LIKE 'ch_seed%'`,
        )
      ).rows[0]?.n ?? 0,
    );
    const batch = 100_000;
    for (let from = start + 1; from <= start + count; from += batch) {
      const to = Math.min(start + count, from + batch - 1);
      await client.query(
        `INSERT INTO "Transaction" ("id", "chargeId", "paymentIntentId", "customerId", "customerEmail",
           "customerEmailLower", "customerName", "amount", "amountCaptured", "amountRefunded",
           "amountRefundedReported", "currency", "captured", "disputed", "chargeStatus",
           "paymentIntentStatus", "status", "cardBrand", "cardLast4", "description", "createdAt",
           "providerUpdatedAt", "progress", "raw", "syncedAt")
         SELECT gen_random_uuid(), 'ch_seed' || lpad(g::text, 10, '0'), 'pi_seed' || lpad(g::text, 10, '0'),
           'cus_seed' || (g % 50000), 'Customer' || (g % 50000) || '@Example.com',
           'customer' || (g % 50000) || '@example.com', 'Customer ' || (g % 50000),
           amount, CASE WHEN failed THEN 0 ELSE amount END,
           CASE WHEN refunded THEN amount ELSE 0 END, CASE WHEN refunded THEN amount ELSE 0 END,
           currency, NOT failed, disputed, CASE WHEN failed THEN 'failed' ELSE 'succeeded' END,
           CASE WHEN failed THEN 'requires_payment_method' ELSE 'succeeded' END,
           (CASE WHEN failed THEN 'FAILED' WHEN disputed THEN 'DISPUTED' WHEN refunded THEN 'REFUNDED'
                 ELSE 'SUCCEEDED' END)::"TransactionStatus",
           (ARRAY['visa','mastercard','amex','jcb'])[1 + g % 4], lpad((g * 7919 % 10000)::text, 4, '0'),
           'Seeded order ' || g, now() - g * interval '30 seconds', now() - g * interval '30 seconds', 2,
           jsonb_build_object('id', 'ch_seed' || lpad(g::text, 10, '0'), 'object', 'charge', 'seeded', true), now()
         FROM (
           SELECT g, (ARRAY['usd','eur','gbp','jpy','sek'])[1 + g % 5] AS currency,
                  CASE WHEN g % 5 = 3 THEN 100 + (g * 31 % 50000) ELSE 50 + (g * 37 % 500000) END AS amount,
                  g % 23 = 0 AS failed, g % 23 <> 0 AND g % 11 = 0 AS refunded,
                  g % 23 <> 0 AND g % 11 <> 0 AND g % 97 = 0 AS disputed
           FROM generate_series($1::bigint, $2::bigint) AS g
         ) AS s`,
        [from, to],
      );
      process.stdout.write(`  seeded ${to - start} of ${count}\r`);
    }
    process.stdout.write("\n");
    await client.query(`ANALYZE "Transaction"`);
    return start + count;
  } finally {
    await client.end();
  }
}

export async function removeSeededTransactions(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DELETE FROM "Transaction" WHERE "chargeId" LIKE 'ch_seed%'`);
  } finally {
    await client.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(
      "Set DATABASE_URL to the database to seed (it must be migrated: npm run db:migrate).",
    );
    process.exit(2);
  }
  if (process.argv.includes("--remove")) {
    await removeSeededTransactions(url);
    console.log("Removed the seeded transactions.");
  } else {
    const count = Number(process.argv[2] ?? 1_000_000);
    if (!Number.isInteger(count) || count < 1) {
      console.error("Usage: seed-transactions.ts [count] | --remove");
      process.exit(2);
    }
    const total = await seedTransactions(url, count);
    console.log(`The table now holds ${total} seeded transactions.`);
  }
}
