import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { lockEmbeddedDatabase } from "./embedded-lock";

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * Serves a PGlite database over the PostgreSQL wire protocol on a loopback port, so the app,
 * migrations and libraries that expect a `pg` connection all use one code path.
 * PGlite is a single backend: callers keep to one connection at a time (see lib/db/pool.ts).
 */
export async function startEmbeddedPostgres(
  options: { dataDir?: string } = {},
): Promise<EmbeddedPostgres> {
  let unlock = async () => {};
  if (options.dataDir) {
    await mkdir(options.dataDir, { recursive: true });
    unlock = await lockEmbeddedDatabase(options.dataDir);
  }
  try {
    const db = await PGlite.create(options.dataDir ?? "memory://");
    const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 32 });
    await server.start();
    const address = server.getServerConn();
    return {
      url: `postgresql://postgres:postgres@${address}/postgres?sslmode=disable`,
      async stop() {
        await server.stop();
        await db.close();
        await unlock();
      },
    };
  } catch (error) {
    await unlock();
    throw error;
  }
}
