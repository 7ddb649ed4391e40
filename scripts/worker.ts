// `npm run worker`: works the job queue (webhook processing and other durable work) without
// serving HTTP, for running processing apart from the web servers. Needs a PostgreSQL server
// (DATABASE_URL): the embedded database serves one process only.
import { existsSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../lib/db/paths";
import { EnvError, parseEnv } from "../lib/env";

const envFile = path.join(projectRoot, ".env");
if (existsSync(envFile)) process.loadEnvFile(envFile);

function fail(message: string): never {
  console.error(`\n[worker] ${message}\n`);
  process.exit(1);
}

let env;
try {
  env = parseEnv(process.env);
} catch (error) {
  if (error instanceof EnvError) fail(error.message);
  throw error;
}
if (!env.DATABASE_URL || env.EMBEDDED_DATABASE) {
  fail(
    "DATABASE_URL must name a PostgreSQL server. The embedded database belongs to `npm start`, which already works the queue itself.",
  );
}

const { getJobQueue, stopJobQueue } = await import("../lib/jobs/queue");
const { JobRunner } = await import("../lib/jobs/runner");
const { getPool } = await import("../lib/db/pool");
const { logger } = await import("../lib/logger");

await getJobQueue();
const runner = new JobRunner({ concurrency: 4 });
await runner.start();
logger.info({ pid: process.pid }, "worker started");

let stopping = false;
async function stop(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "worker stopping: finishing the jobs in hand");
  await stopJobQueue();
  await getPool().end();
  logger.info({ pid: process.pid, settled: runner.settled }, "worker stopped");
  process.exit(0);
}
process.on("SIGTERM", (signal) => void stop(signal));
process.on("SIGINT", (signal) => void stop(signal));
