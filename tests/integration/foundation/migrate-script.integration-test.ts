import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { projectRoot } from "@/lib/db/paths";
import { query, withFreshDatabase } from "../../support/fresh-database";

const run = promisify(execFile);
const report = z.object({ openHandles: z.array(z.string()) });

describe.each([inject("databaseKind")])("npm run db:migrate on %s", (kind) => {
  it("applies the migrations and leaves no connection or timer open, so the process can end", async () => {
    await withFreshDatabase(kind, async (url) => {
      const { EMBEDDED_DATABASE: _embedded, ...inherited }: NodeJS.ProcessEnv = process.env;
      const { stdout } = await run(
        path.join(projectRoot, "node_modules/.bin/tsx"),
        ["tests/support/report-open-handles.ts", "scripts/db-migrate.ts"],
        {
          cwd: projectRoot,
          env: {
            ...inherited,
            DATABASE_URL: url,
            NODE_NO_WARNINGS: "1",
            // The tsx shebang finds `node` on PATH: the same Node 24 that runs the tests.
            PATH: `${path.dirname(process.execPath)}:${inherited.PATH ?? ""}`,
          },
        },
      );
      const lines = stdout.trim().split("\n");
      expect(lines[0]).toMatch(/^Applied /);
      expect(report.parse(JSON.parse(lines.at(-1) ?? "")).openHandles).toEqual([]);
      const applied = await query<{ count: number }>(
        url,
        "SELECT count(*)::int AS count FROM _prisma_migrations",
      );
      expect(applied[0]?.count).toBeGreaterThan(0);
    });
  });
});
