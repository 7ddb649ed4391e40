import { randomBytes } from "node:crypto";
import pg from "pg";
import { startEmbeddedPostgres } from "@/lib/db/embedded";

export const serverUrl = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** An empty database of the given kind for the duration of `run`, removed afterwards. */
export async function withFreshDatabase<T>(
  kind: "pglite" | "postgres",
  run: (url: string) => Promise<T>,
  options: { dataDir?: string } = {},
): Promise<T> {
  if (kind === "pglite") {
    const embedded = await startEmbeddedPostgres({ dataDir: options.dataDir });
    try {
      return await run(embedded.url);
    } finally {
      await embedded.stop();
    }
  }
  const name = `ic_fresh_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    return await run(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

export async function query<Row extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Tables, columns, types, defaults, indexes, enums and constraints: what "the same schema" means.
 * NOT NULL constraints are compared through is_nullable: newer PostgreSQL (PGlite's) also lists
 * them in pg_constraint, older servers do not.
 */
export async function schemaFingerprint(url: string) {
  const parts = await Promise.all([
    query(url, `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default
                FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2`),
    query(url, `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2`),
    query(url, `SELECT t.typname, e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid ORDER BY 1, e.enumsortorder`),
    query(url, `SELECT conrelid::regclass::text AS table_name, conname, pg_get_constraintdef(oid) AS definition
                FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype <> 'n' ORDER BY 1, 2`),
  ]);
  return parts;
}
