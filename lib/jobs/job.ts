import type { Queue } from "pg-boss";
import type { z } from "zod";

/** A failure that another attempt cannot fix: the job goes straight to the dead-letter queue. */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentJobError";
  }
}

export interface JobAttempt {
  jobId: string;
  /** 1 for the first run. */
  attempt: number;
  /** No retry follows if this run fails. */
  finalAttempt: boolean;
}

/**
 * One kind of durable work: its queue, retry policy and handler. The handler runs once per job;
 * it throws to fail the job (retried with backoff, then dead-lettered), or PermanentJobError to
 * dead-letter it at once. A job may run more than once (a worker dies after the effect committed),
 * so a handler's effect must be guarded, as the webhook handler's is by the delivery's status.
 */
export interface JobDefinition<Data> {
  queue: string;
  /** pg-boss queue options: retries, backoff, expiry, dead-letter queue. */
  options: Pick<
    Queue,
    | "retryLimit"
    | "retryDelay"
    | "retryBackoff"
    | "retryDelayMax"
    | "expireInSeconds"
    | "retentionSeconds"
    | "deleteAfterSeconds"
    | "deadLetter"
  >;
  /** Jobs fetched per poll; each is still settled on its own. */
  batchSize: number;
  data: z.ZodType<Data>;
  handle(data: Data, attempt: JobAttempt): Promise<void>;
}

export function defineJob<Data>(definition: JobDefinition<Data>): JobDefinition<Data> {
  return definition;
}
