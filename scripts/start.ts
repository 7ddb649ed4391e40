// `npm start`: the whole console on one machine with no setup. Validates the environment,
// serves the embedded database when DATABASE_URL is unset, applies pending migrations,
// builds when the sources changed since the last build, then runs Next.js.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../lib/db/embedded";
import { EmbeddedDatabaseInUseError } from "../lib/db/embedded-lock";
import { embeddedDatabaseDir, localDataDir } from "../lib/db/location";
import { applyMigrations, MigrationError } from "../lib/db/migrations";
import { projectRoot } from "../lib/db/paths";
import { EnvError, parseEnv } from "../lib/env";
import { IntegrationConfigError } from "../lib/integrations/core/config";
import { loadProviders } from "../lib/integrations/providers/load";
import { sourceHash } from "./source-hash";

const dev = process.argv.includes("--dev");
const started = Date.now();
const say = (message: string) => console.log(`[start] ${message}`);

function fail(message: string): never {
  console.error(`\n[start] ${message}\n`);
  process.exit(1);
}

// Settings may live in .env (see .env.example); variables already in the environment win.
const envFile = path.join(projectRoot, ".env");
if (existsSync(envFile)) process.loadEnvFile(envFile);

let env;
let providers;
try {
  env = parseEnv(process.env);
  providers = loadProviders(env, process.env);
} catch (error) {
  if (error instanceof EnvError || error instanceof IntegrationConfigError) fail(error.message);
  throw error;
}

const dataDir = localDataDir(env.DATA_DIR);
await mkdir(dataDir, { recursive: true });
const childEnv: NodeJS.ProcessEnv = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  // The app handles SIGTERM itself (lib/server-start.ts): jobs in flight and the call log first.
  NEXT_MANUAL_SIG_HANDLE: "1",
  PORT: String(env.PORT),
  DATA_DIR: dataDir,
};

let embedded: EmbeddedPostgres | null = null;
if (!env.DATABASE_URL) {
  embedded = await startEmbeddedPostgres({ dataDir: embeddedDatabaseDir(dataDir) }).catch(
    (error: unknown) =>
      fail(
        error instanceof EmbeddedDatabaseInUseError
          ? error.message
          : `Could not open the embedded database in ${dataDir}/pglite: ${String(error)}`,
      ),
  );
  childEnv.DATABASE_URL = embedded.url;
  childEnv.EMBEDDED_DATABASE = "1";
  say(
    `embedded PostgreSQL (PGlite) serving ${path.relative(projectRoot, dataDir) || dataDir}/pglite`,
  );
} else {
  say("using the PostgreSQL server at DATABASE_URL");
}

if (!env.AUTH_SECRET) {
  // Only reachable with the embedded database (lib/env.ts requires it otherwise): keep one
  // generated secret per data directory so sessions survive restarts.
  const secretFile = path.join(dataDir, "auth-secret");
  let secret = await readFile(secretFile, "utf8").catch(() => "");
  if (secret.trim().length < 32) {
    secret = randomBytes(32).toString("base64url");
    await writeFile(secretFile, secret, { mode: 0o600 });
    await chmod(secretFile, 0o600);
  }
  childEnv.AUTH_SECRET = secret.trim();
}

try {
  const applied = await applyMigrations(childEnv.DATABASE_URL ?? "");
  say(
    applied.length ? `applied migrations: ${applied.join(", ")}` : "database schema is up to date",
  );
} catch (error) {
  await embedded?.stop();
  fail(
    error instanceof MigrationError
      ? error.message
      : `Could not migrate the database: ${String(error)}`,
  );
}

function run(command: string, args: string[]) {
  return spawn(command, args, { cwd: projectRoot, env: childEnv, stdio: "inherit" });
}

const next = path.join(projectRoot, "node_modules/.bin/next");
if (!dev) {
  const hash = await sourceHash();
  const stampFile = path.join(projectRoot, ".next/source-hash");
  if ((await readFile(stampFile, "utf8").catch(() => "")) !== hash) {
    say("building the console (first start, or the sources changed)…");
    const code = await new Promise<number | null>((resolve) =>
      run(next, ["build"]).on("exit", resolve),
    );
    if (code !== 0) {
      await embedded?.stop();
      fail("The build failed; see the messages above.");
    }
    await writeFile(stampFile, hash);
  } else {
    say("build is up to date");
  }
}

// Providers without credentials talk to local simulators, which deliver their webhooks here.
const simulators: { close(): Promise<void> }[] = [];
const simulatorAddresses: Record<string, string> = {};
for (const provider of providers) {
  if (!provider.simulator) continue;
  const simulator = await provider.simulator.start({
    webhookUrl: `http://127.0.0.1:${env.PORT}/api/webhooks/${provider.name}`,
  });
  Object.assign(childEnv, simulator.variables);
  simulators.push(simulator);
  simulatorAddresses[provider.name] = simulator.url;
  say(`${provider.displayName} has no key: simulated at ${simulator.url}`);
}
// Where this run's simulators listen (their ports are picked at start), for their control API
// (simulators/README.md): drilling an outage, reading the ledger. Removed when the console stops.
const simulatorsFile = path.join(dataDir, "simulators.json");
await writeFile(simulatorsFile, `${JSON.stringify(simulatorAddresses, null, 2)}\n`);

const server = run(next, [dev ? "dev" : "start", "--port", String(env.PORT)]);
say(
  `starting Next.js on http://localhost:${env.PORT} (${((Date.now() - started) / 1000).toFixed(1)} s so far)`,
);

let stopping = false;
async function shutdown(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  server.kill(signal);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
server.on("exit", (code) => {
  // The database closes last, after the server has stopped writing to it.
  void Promise.allSettled(simulators.map((simulator) => simulator.close()))
    .then(() => rm(simulatorsFile, { force: true }))
    .then(() => embedded?.stop())
    .finally(() => process.exit(code ?? 0));
});
