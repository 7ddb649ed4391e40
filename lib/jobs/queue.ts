import "server-only";
import type { Db as JobDatabase, PgBoss } from "pg-boss";
import { getPool } from "@/lib/db/pool";
import { getEnv } from "@/lib/env";
import { createBoss } from "./boss";
import { jobDefinitions } from "./definitions";
import type { JobDefinition } from "./job";

export type { JobDatabase };

const globalForJobs = globalThis as unknown as { jobQueue?: Promise<PgBoss> };

async function ensureQueue(boss: PgBoss, name: string, options: JobDefinition<unknown>["options"]) {
  if (await boss.getQueue(name)) {
    await boss.updateQueue(name, options);
    return;
  }
  try {
    await boss.createQueue(name, options);
  } catch (error) {
    // Another instance starting at the same moment created it first.
    if (!(await boss.getQueue(name))) throw error;
  }
}

async function startQueue(): Promise<PgBoss> {
  const boss = createBoss(getPool(), { prepared: !getEnv().EMBEDDED_DATABASE });
  await boss.start();
  for (const definition of jobDefinitions) {
    const deadLetter = definition.options.deadLetter;
    if (deadLetter) await ensureQueue(boss, deadLetter, { retentionSeconds: 30 * 24 * 3600 });
    await ensureQueue(boss, definition.queue, definition.options);
  }
  return boss;
}

/**
 * The process's job queue (pg-boss), started on first use with every queue created. Starting it
 * installs or migrates pg-boss's own schema ("pgboss"); it takes work only when a JobRunner runs.
 */
export function getJobQueue(): Promise<PgBoss> {
  globalForJobs.jobQueue ??= startQueue().catch((error: unknown) => {
    globalForJobs.jobQueue = undefined;
    throw error;
  });
  return globalForJobs.jobQueue;
}

/**
 * Adds jobs. Pass `db` (pg-boss's adapter over a Prisma transaction, `fromPrisma(tx)`) to commit
 * them with the transaction's other writes, or roll back with them.
 */
export async function enqueue<Data extends object>(
  definition: JobDefinition<Data>,
  jobs: { id?: string; data: Data }[],
  options: { db?: JobDatabase } = {},
): Promise<void> {
  if (jobs.length === 0) return;
  const boss = await getJobQueue();
  await boss.insert(definition.queue, jobs, { db: options.db });
}

/** Stops the process's queue (and any worker on it), letting jobs in flight finish for up to `timeoutMs`. */
export async function stopJobQueue(timeoutMs = 20_000): Promise<void> {
  const pending = globalForJobs.jobQueue;
  globalForJobs.jobQueue = undefined;
  if (!pending) return;
  const boss = await pending.catch(() => undefined);
  // close: false — the pool is the app's, shared with Prisma, and outlives the queue.
  await boss?.stop({ graceful: true, timeout: timeoutMs, close: false });
}
