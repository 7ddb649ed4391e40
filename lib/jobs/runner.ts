import "server-only";
import type { JobResult, JobWithMetadata } from "pg-boss";
import { logger } from "@/lib/logger";
import { jobDefinitions } from "./definitions";
import { PermanentJobError, type JobDefinition } from "./job";
import { getJobQueue } from "./queue";

export interface RunnerOptions {
  /** The kinds of work to take; every one in lib/jobs/definitions.ts by default. */
  definitions?: readonly JobDefinition<unknown>[];
  /** Batches in flight per queue at once; on the single-connection PGlite more would only wait. */
  concurrency: number;
  pollingIntervalSeconds?: number;
}

async function settle<Data>(
  definition: JobDefinition<Data>,
  job: JobWithMetadata<unknown>,
): Promise<JobResult> {
  const attempt = {
    jobId: job.id,
    attempt: job.retryCount + 1,
    finalAttempt: job.retryCount >= job.retryLimit,
  };
  const data = definition.data.safeParse(job.data);
  if (!data.success) {
    logger.error({ queue: definition.queue, jobId: job.id }, "job data has the wrong shape");
    return { id: job.id, status: "deadletter", output: { error: "job data has the wrong shape" } };
  }
  try {
    await definition.handle(data.data, attempt);
    return { id: job.id, status: "completed" };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const permanent = error instanceof PermanentJobError;
    logger.warn(
      { queue: definition.queue, jobId: job.id, attempt: attempt.attempt, permanent, err: error },
      "job failed",
    );
    return { id: job.id, status: permanent ? "deadletter" : "failed", output: { error: message } };
  }
}

/**
 * Works every queue in lib/jobs/definitions.ts. Each job of a batch is settled on its own, so a
 * failing job never fails the others fetched with it. Runs inside the app under `npm start` and
 * alone under `npm run worker`; several runners on one PostgreSQL never take the same job.
 * Stopping is stopJobQueue's: no new jobs, and those in flight finish or go back to the queue.
 */
export class JobRunner {
  /**
   * Jobs this runner settled, per queue, for its shutdown log line. Per queue because a runner
   * works every queue of the database, including jobs other instances enqueued.
   */
  readonly settled: Record<string, { completed: number; failed: number }> = {};

  constructor(private readonly options: RunnerOptions) {}

  async start(): Promise<void> {
    const boss = await getJobQueue();
    const definitions = this.options.definitions ?? jobDefinitions;
    for (const definition of definitions) {
      await boss.work(
        definition.queue,
        {
          batchSize: definition.batchSize,
          localConcurrency: this.options.concurrency,
          pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 0.5,
          burstWhenBatchFull: true,
          includeMetadata: true,
          perJobResults: true,
        },
        async (jobs: JobWithMetadata<unknown>[]) => {
          const results: JobResult[] = [];
          // One after another: on PGlite they would queue for its one connection anyway, and
          // concurrency comes from several batches in flight.
          for (const job of jobs) {
            const result = await settle(definition, job);
            const counts = (this.settled[definition.queue] ??= { completed: 0, failed: 0 });
            if (result.status === "completed") counts.completed += 1;
            else counts.failed += 1;
            results.push(result);
          }
          return results;
        },
      );
    }
    logger.info(
      { queues: definitions.map((definition) => definition.queue) },
      "job runner started",
    );
  }
}
