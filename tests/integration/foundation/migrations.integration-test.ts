import { cp, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations, diffSchemaSinceLastMigration, MigrationError, projectRoot } from "@/lib/db/migrations";
import { randomEmail, randomId } from "../../support/factories";
import { query, schemaFingerprint, withFreshDatabase } from "../../support/fresh-database";

async function migrationsWith(extra: Record<string, string>) {
  const dir = await mkdtemp(path.join(tmpdir(), "migrations-"));
  await cp(path.join(projectRoot, "prisma/migrations"), dir, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    await mkdir(path.join(dir, name));
    await writeFile(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

describe.each([inject("databaseKind")])("migrations on %s", (kind) => {
  it("a failing migration is reported by name and leaves the database unchanged", async () => {
    await withFreshDatabase(kind, async (url) => {
      await applyMigrations(url);
      const before = await schemaFingerprint(url);
      const table = `t_${randomId()}`;
      const dir = await migrationsWith({
        "29990101000000_good": `CREATE TABLE "${table}" (id int);`,
        "29990101000001_broken": `ALTER TABLE "${table}" ADD COLUMN x int;\nSELECT * FROM "no_such_table";`,
      });
      const error = await applyMigrations(url, { migrationsDir: dir }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(MigrationError);
      expect((error as MigrationError).message).toContain("29990101000001_broken");
      expect((error as MigrationError).message).toMatch(/database is unchanged/);
      expect(await schemaFingerprint(url)).toEqual(before);
      const recorded = await query<{ migration_name: string }>(url, "SELECT migration_name FROM _prisma_migrations");
      expect(recorded.map((row) => row.migration_name)).not.toContain("29990101000000_good");
    });
  });

  it("applying twice is a no-op", async () => {
    await withFreshDatabase(kind, async (url) => {
      expect((await applyMigrations(url)).length).toBeGreaterThan(0);
      expect(await applyMigrations(url)).toEqual([]);
    });
  });
});

describe("schema", () => {
  it("has a migration for every change in prisma/schema.prisma", async () => {
    expect((await diffSchemaSinceLastMigration()).script).toBeNull();
  });

  it("is the same on embedded PGlite and on the PostgreSQL server", async () => {
    const [embedded, server] = await Promise.all([
      withFreshDatabase("pglite", async (url) => (await applyMigrations(url), schemaFingerprint(url))),
      withFreshDatabase("postgres", async (url) => (await applyMigrations(url), schemaFingerprint(url))),
    ]);
    expect(embedded).toEqual(server);
    expect(embedded[0]?.length).toBeGreaterThan(10);
  });

  it("survives a restart of the embedded database", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "pglite-restart-"));
    const email = randomEmail();
    const first = await startEmbeddedPostgres({ dataDir });
    await applyMigrations(first.url);
    await query(
      first.url,
      `INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt") VALUES (gen_random_uuid(), $1, 'R', 'x', 'VIEWER', now())`,
      [email],
    );
    await first.stop();
    const second = await startEmbeddedPostgres({ dataDir });
    try {
      expect(await applyMigrations(second.url)).toEqual([]);
      expect(await query(second.url, `SELECT email FROM "User" WHERE email = $1`, [email])).toEqual([{ email }]);
    } finally {
      await second.stop();
    }
  });
});
