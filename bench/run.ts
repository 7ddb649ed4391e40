// `npm run bench`. Like `npm start`, this process serves the embedded PGlite database (unless
// DATABASE_URL is set) and applies migrations; each benchmark then runs as a separate "app"
// process with the "react-server" export condition, which is how server code (and its
// `server-only` imports) loads outside Next.js.
import { spawn } from "node:child_process";
import path from "node:path";
import { startEmbeddedPostgres } from "../lib/db/embedded";
import { applyMigrations } from "../lib/db/migrations";

// The webhook-ingest benchmark is not listed: it needs a PostgreSQL server and production builds,
// and runs alone as `npm run bench:ingest`.
// BENCH_ONLY=email-bulk runs the benchmarks whose file name contains any of its comma-separated words.
const only = process.env.BENCH_ONLY?.split(",").filter(Boolean);
const benchmarks = ["integration-core.ts", "call-log.ts", "email-bulk.ts"].filter(
  (file) => !only || only.some((word) => file.includes(word)),
);
const env: NodeJS.ProcessEnv = { NODE_NO_WARNINGS: "1", ...process.env };
let stop: () => Promise<void> = async () => {};
if (!process.env.DATABASE_URL) {
  const embedded = await startEmbeddedPostgres();
  env.DATABASE_URL = embedded.url;
  env.EMBEDDED_DATABASE = "1";
  stop = () => embedded.stop();
}
const databaseUrl = env.DATABASE_URL;
if (!databaseUrl) throw new Error("unreachable: DATABASE_URL was just set");
await applyMigrations(databaseUrl);

let failed = false;
for (const file of benchmarks) {
  // Not spawnSync: the embedded database lives in this process and must keep serving.
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(
      process.execPath,
      [
        "--conditions=react-server",
        "--import",
        "tsx",
        path.join(import.meta.dirname, file),
        ...process.argv.slice(2),
      ],
      { stdio: "inherit", env },
    );
    child.on("exit", resolve);
  });
  if (code !== 0) failed = true;
}
await stop();
process.exit(failed ? 1 : 0);
