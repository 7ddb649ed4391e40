import "server-only";
import pg from "pg";
import { getEnv } from "@/lib/env";

const globalForPool = globalThis as unknown as { pgPool?: pg.Pool };

/**
 * The one pg pool of this process, shared by Prisma and by libraries that need a raw `pg`
 * client (rate limiter, job queue). The embedded PGlite database is a single backend, so
 * there it is capped at one connection; a real server gets a normal pool.
 */
export function getPool(): pg.Pool {
  if (!globalForPool.pgPool) {
    const env = getEnv();
    if (!env.DATABASE_URL) {
      throw new Error(
        "DATABASE_URL is not set. Start the console with `npm start`, which provides one.",
      );
    }
    globalForPool.pgPool = new pg.Pool({
      connectionString: env.DATABASE_URL,
      max: env.EMBEDDED_DATABASE ? 1 : 10,
      // PGlite's one backend outlives any connection to it; keeping the one connection open
      // avoids reconnect churn against a session whose state persists anyway.
      idleTimeoutMillis: env.EMBEDDED_DATABASE ? 0 : 30_000,
    });
  }
  return globalForPool.pgPool;
}
