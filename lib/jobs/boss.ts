import { createHash } from "node:crypto";
import type pg from "pg";
import { PgBoss, type Db as IDatabase } from "pg-boss";
import { logger } from "@/lib/logger";

type Queryable = Pick<pg.Pool, "query"> | Pick<pg.PoolClient, "query">;

/**
 * A statement's name for the server's prepared-statement cache. pg-boss's job insert is planned
 * afresh on every unnamed execution, which was half of PostgreSQL's work per webhook
 * (bench/webhook-ingest.ts). Not on the embedded PGlite: its connections share one session, and a
 * name prepared by one connection would collide with the next (see lib/db/unnamed-statements.ts).
 */
export function preparedName(text: string): string {
  return `q_${createHash("sha1").update(text).digest("hex").slice(0, 24)}`;
}

/**
 * pg-boss on the app's own pool (or one of its clients, inside a transaction): one pool per
 * process whatever the database, and on the embedded PGlite (one connection shared by everything,
 * see lib/db/pool.ts) the only way that works. Without a pool of its own pg-boss has no LISTEN
 * connection, so workers poll. Parameterised statements are prepared when `prepared` is set;
 * statements without parameters (pg-boss's multi-statement maintenance) never are.
 */
export function poolDatabase(target: Queryable, options: { prepared: boolean }): IDatabase {
  return {
    executeSql: (text, values) =>
      options.prepared && values && values.length > 0
        ? target.query({ name: preparedName(text), text, values })
        : target.query(text, values),
  };
}

export function createBoss(pool: pg.Pool, options: { prepared: boolean }): PgBoss {
  const boss = new PgBoss({
    db: poolDatabase(pool, options),
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
