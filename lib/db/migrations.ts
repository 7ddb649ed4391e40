import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { startEmbeddedPostgres } from "./embedded";
import { clearingTimersOf } from "./engine-timers";
import type { MigrationList, SchemaEngine as SchemaEngineType } from "@prisma/schema-engine-wasm";

import { projectRoot } from "./paths";
export { projectRoot };
const defaultMigrationsDir = path.join(projectRoot, "prisma/migrations");
const schemaPath = path.join(projectRoot, "prisma/schema.prisma");

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly migrationName?: string,
  ) {
    super(message);
    this.name = "MigrationError";
  }
}

export async function readMigrationList(
  migrationsDir = defaultMigrationsDir,
): Promise<MigrationList> {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch(() => []);
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: "migration_lock.toml",
      content: await readFile(lockPath, "utf8").catch(() => null),
    },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      names.map(async (name) => ({
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: await readFile(path.join(migrationsDir, name, "migration.sql"), "utf8").then(
            (content) => ({ tag: "ok" as const, value: content }),
            (error: unknown) => ({ tag: "error" as const, value: String(error) }),
          ),
        },
      })),
    ),
  };
}

export async function readSchemaFiles() {
  return [{ path: schemaPath, content: await readFile(schemaPath, "utf8") }];
}

async function withEngine<T>(databaseUrl: string, run: (engine: SchemaEngineType) => Promise<T>) {
  // Imported lazily: the WASM module is large and only migration commands need it.
  const { SchemaEngine } = await import("@prisma/schema-engine-wasm");
  const files = await readSchemaFiles();
  // The pool is ours, not the adapter's: given a connection string, PrismaPg opens a pool of
  // its own that engine.free() never closes, and its idle connection then keeps the process
  // alive for pg's 10 s idle timeout after the work is done.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool));
    return await clearingTimersOf(async () => {
      const engine = await SchemaEngine.new(
        { datamodels: files.map((file) => [file.path, file.content]) },
        () => {},
        adapter,
      );
      try {
        return await run(engine);
      } finally {
        engine.free();
      }
    });
  } finally {
    await endPool(pool);
  }
}

/** pg's Pool.end() resolves once its clients are told to close; their sockets close after. */
async function endPool(pool: pg.Pool) {
  let open = pool.totalCount;
  // "remove" is emitted once a client's socket has closed.
  const closed = new Promise<void>((resolve) => {
    if (open === 0) resolve();
    pool.on("remove", () => {
      if (--open === 0) resolve();
    });
  });
  await pool.end();
  await closed;
}

async function appliedMigrationNames(client: pg.Client): Promise<Set<string>> {
  const exists = await client.query<{ exists: boolean }>(
    "SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS exists",
  );
  if (!exists.rows[0]?.exists) return new Set();
  const rows = await client.query<{
    migration_name: string;
    finished_at: Date | null;
    rolled_back_at: Date | null;
  }>("SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations");
  const failed = rows.rows.find((row) => !row.finished_at && !row.rolled_back_at);
  if (failed) {
    throw new MigrationError(
      `Migration ${failed.migration_name} is recorded as failed in _prisma_migrations. ` +
        "Fix the database by hand, then mark it rolled back before starting again.",
      failed.migration_name,
    );
  }
  return new Set(rows.rows.filter((row) => row.finished_at).map((row) => row.migration_name));
}

/**
 * Prisma applies each migration outside a transaction, so a failing statement would leave
 * a half-changed database. Rehearsing every pending migration inside one rolled-back
 * transaction first means a broken migration is reported while the database stays as it was.
 */
async function rehearse(client: pg.Client, pending: { name: string; sql: string }[]) {
  await client.query("BEGIN");
  try {
    for (const migration of pending) {
      try {
        await client.query(migration.sql);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new MigrationError(
          `Migration ${migration.name} failed: ${reason}. Nothing was applied; the database is unchanged.`,
          migration.name,
        );
      }
    }
  } finally {
    await client.query("ROLLBACK");
  }
}

export async function applyMigrations(
  databaseUrl: string,
  options: { migrationsDir?: string } = {},
): Promise<string[]> {
  const list = await readMigrationList(options.migrationsDir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const applied = await appliedMigrationNames(client);
    const pending = list.migrationDirectories
      .filter((dir) => !applied.has(dir.path))
      .map((dir) => {
        if (dir.migrationFile.content.tag === "error") {
          throw new MigrationError(
            `Cannot read migration ${dir.path}: ${dir.migrationFile.content.value}`,
            dir.path,
          );
        }
        return { name: dir.path, sql: dir.migrationFile.content.value };
      });
    if (pending.length === 0) return [];
    await rehearse(client, pending);
  } finally {
    await client.end();
  }
  return withEngine(databaseUrl, async (engine) => {
    const result = await engine.applyMigrations({
      migrationsList: list,
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.appliedMigrationNames;
  });
}

const snapshotPath = path.join(projectRoot, "prisma/schema-at-last-migration.prisma");

/**
 * SQL that takes a database from the last migration to the current schema.
 *
 * Prisma's own `migrate dev` replays migrations in a shadow database, which PGlite cannot
 * create and the WASM engine cannot open. Diffing two datamodels needs no database at all, so
 * the schema as of the last migration is kept beside the schema and advanced with each migration.
 */
export async function diffSchemaSinceLastMigration() {
  const current = await readSchemaFiles();
  const previous = await readFile(snapshotPath, "utf8").then(
    (content) => [{ path: snapshotPath, content }],
    () => null,
  );
  // The engine insists on a live connection even for a datamodel-only diff; a throwaway
  // in-memory PGlite satisfies it without a server.
  const scratch = await startEmbeddedPostgres();
  const script = await withEngine(scratch.url, async (engine) => {
    const result = await engine.diff({
      from: previous ? { tag: "schemaDatamodel", files: previous } : { tag: "empty" },
      to: { tag: "schemaDatamodel", files: current },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.stdout ?? "";
  }).finally(() => scratch.stop());
  const isEmpty =
    script.replace(/--.*$/gm, "").trim() === "" || /This is an empty migration/.test(script);
  return { script: isEmpty ? null : script, schema: current[0]?.content ?? "", snapshotPath };
}
