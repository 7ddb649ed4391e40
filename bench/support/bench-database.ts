import { randomBytes } from "node:crypto";
import pg from "pg";

/**
 * The PostgreSQL database one benchmark run seeds and measures: with `reuse`, DATABASE_URL when
 * it is set (kept, for benchmarks that seed only what is missing); otherwise a fresh database on
 * BENCH_POSTGRES_URL's server, dropped by `release` unless BENCH_KEEP_DB is set. Sets
 * DATABASE_URL, which the server modules read when they are first imported.
 */
export async function benchDatabase(
  prefix: string,
  options: { reuse: boolean },
): Promise<{ url: string; release: () => Promise<void> }> {
  const given = process.env.DATABASE_URL;
  if (options.reuse && given) return { url: given, release: async () => {} };
  const serverUrl =
    process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const onServer = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await onServer(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  console.log(`database ${url.toString()}`);
  return {
    url: url.toString(),
    release: async () => {
      if (!process.env.BENCH_KEEP_DB)
        await onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}
