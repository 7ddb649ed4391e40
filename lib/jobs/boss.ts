import type pg from "pg";
import { PgBoss, type Db as IDatabase } from "pg-boss";
import { logger } from "@/lib/logger";

/**
 * pg-boss on the app's own pool: one pool per process whatever the database, and on the embedded
 * PGlite (one connection shared by everything, see lib/db/pool.ts) the only way that works.
 * Without a pool of its own pg-boss has no LISTEN connection, so workers poll.
 */
export function poolDatabase(pool: pg.Pool): IDatabase {
  return { executeSql: (text, values) => pool.query(text, values) };
}

export function createBoss(pool: pg.Pool): PgBoss {
  const boss = new PgBoss({
    db: poolDatabase(pool),
    schema: "pgboss",
    // Cron schedules are not used; maintenance (expiring jobs of dead workers, retention) is.
    schedule: false,
    // Instance heartbeats are another write every 30 s per process for a registry nobody reads.
    registerInstance: false,
    // How often jobs of a worker that died are noticed (after their expireInSeconds) and retried.
    superviseIntervalSeconds: 10,
  });
  boss.on("error", (error: unknown) => logger.error({ err: error }, "job queue error"));
  return boss;
}
