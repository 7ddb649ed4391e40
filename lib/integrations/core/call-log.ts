import type pg from "pg";
import { getDb, type Db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import type { ApiCallOutcome } from "@/lib/db/generated/enums";
import { logger } from "@/lib/logger";
import { ADD_TO_TOTALS } from "./call-totals";
import { sanitizeBody, sanitizePath } from "./sanitize";

/** One attempt as the executor reports it; bodies are raw here and sanitised at flush time. */
export interface ApiCallRecord {
  /** Epoch milliseconds on the core's clock; a number so that recording allocates no Date. */
  createdAt: number;
  provider: string;
  operation: string;
  method: string;
  path: string;
  status: number | null;
  durationMs: number;
  attempt: number;
  outcome: ApiCallOutcome;
  errorCode: string | null;
  providerRequestId: string | null;
  idempotencyKey: string | null;
  correlationId: string | null;
  actorId: string | null;
  actorEmail: string | null;
  requestBody: unknown;
  responseBody: unknown;
}

export interface ApiCallLogOptions {
  db?: () => Db;
  pool?: () => pg.Pool;
  flushIntervalMs?: number;
  maxBatch?: number;
  /** Rows kept while the database is unreachable; the oldest are dropped beyond this. */
  maxBuffered?: number;
  retentionDays: number;
}

const PRUNE_EVERY_MS = 60 * 60 * 1000;

// "id" has no database default (Prisma's uuid() is client-side); gen_random_uuid() is the same v4.
// The metrics totals are added in the same statement, so they can never disagree with the log.
const INSERT_BATCH = `
  WITH logged AS (
  INSERT INTO "ApiCall"
    ("id", "createdAt", "provider", "operation", "method", "path", "status", "durationMs", "attempt",
     "outcome", "errorCode", "providerRequestId", "idempotencyKey", "correlationId", "actorId",
     "actorEmail", "requestBody", "responseBody")
  SELECT gen_random_uuid(), timestamp '1970-01-01' + r.created_ms * interval '1 millisecond',
         r.provider, r.operation, r.method, r.path, r.status, r.duration_ms, r.attempt,
         r.outcome::"ApiCallOutcome", r.error_code, r.provider_request_id, r.idempotency_key,
         r.correlation_id, r.actor_id::uuid, r.actor_email, r.request_body, r.response_body
  FROM jsonb_to_recordset($1::jsonb)
    AS r(created_ms float8, provider text, operation text, method text, path text, status int4,
         duration_ms int4, attempt int4, outcome text, error_code text, provider_request_id text,
         idempotency_key text, correlation_id text, actor_id text, actor_email text,
         request_body jsonb, response_body jsonb)
  RETURNING "provider", "operation", "outcome", "durationMs")
  ${ADD_TO_TOTALS}`;

/**
 * One batch as one statement with one parameter: the rows as a JSON array (bodies nested in it as
 * JSON, not as strings to parse twice), expanded server-side. On the shared pg pool rather than
 * through Prisma: the log is written for every provider call, and Prisma's handling of the large
 * parameter was the biggest part of its cost (bench/integration-core.ts).
 */
function insertBatch(pool: pg.Pool, rows: readonly ApiCallRecord[]) {
  const payload = new Array<Record<string, unknown>>(rows.length);
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index] as ApiCallRecord;
    payload[index] = {
      created_ms: row.createdAt,
      provider: row.provider,
      operation: row.operation,
      method: row.method,
      path: sanitizePath(row.path),
      status: row.status,
      duration_ms: row.durationMs,
      attempt: row.attempt,
      outcome: row.outcome,
      error_code: row.errorCode,
      provider_request_id: row.providerRequestId,
      idempotency_key: row.idempotencyKey,
      correlation_id: row.correlationId,
      actor_id: row.actorId,
      actor_email: row.actorEmail,
      request_body: sanitizeBody(row.requestBody),
      response_body: sanitizeBody(row.responseBody),
    };
  }
  // PostgreSQL's jsonb refuses \u0000; one in a provider's answer would fail the batch on every
  // retry and stop the log. It is stored as U+FFFD (an escaped backslash before it is left alone).
  const json = JSON.stringify(payload).replace(/(?<!\\)((?:\\\\)*)\\u0000/g, "$1\\ufffd");
  return pool.query(INSERT_BATCH, [json]);
}

/**
 * The API-call log. `record` only appends to memory, so a call never waits for the database;
 * rows are written in batches on an interval or when a batch fills, and once more on shutdown.
 * Redaction happens at flush time, off the call path, and before anything leaves the process.
 */
export class ApiCallLog {
  private buffer: ApiCallRecord[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private flushing: Promise<void> | undefined;
  private lastPruneAt = 0;
  private dropped = 0;
  private readonly db: () => Db;
  private readonly pool: () => pg.Pool;
  private readonly maxBatch: number;
  private readonly maxBuffered: number;

  constructor(private readonly options: ApiCallLogOptions) {
    this.db = options.db ?? getDb;
    this.pool = options.pool ?? getPool;
    this.maxBatch = options.maxBatch ?? 500;
    this.maxBuffered = options.maxBuffered ?? 50_000;
  }

  start() {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), this.options.flushIntervalMs ?? 1_000);
    this.timer.unref();
  }

  record(row: ApiCallRecord) {
    this.buffer.push(row);
    if (this.buffer.length > this.maxBuffered) {
      this.buffer.splice(0, this.buffer.length - this.maxBuffered);
      this.dropped += 1;
    }
    if (this.buffer.length >= this.maxBatch) void this.flush();
  }

  get pending(): number {
    return this.buffer.length;
  }

  /** Writes everything buffered so far; concurrent callers share one flush. */
  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async drain() {
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, this.maxBatch);
      try {
        await insertBatch(this.pool(), batch);
      } catch (error) {
        // Put the batch back for the next flush, unless the buffer is already over its bound.
        this.buffer.unshift(...batch.slice(0, Math.max(0, this.maxBuffered - this.buffer.length)));
        logger.warn(
          { err: error, rows: batch.length },
          "could not write the API-call log; will retry",
        );
        return;
      }
    }
    if (this.dropped > 0) {
      logger.warn(
        { dropped: this.dropped },
        "API-call log rows dropped while the database was unavailable",
      );
      this.dropped = 0;
    }
    if (Date.now() - this.lastPruneAt > PRUNE_EVERY_MS) {
      this.lastPruneAt = Date.now();
      await this.prune().catch((error: unknown) =>
        logger.warn({ err: error }, "could not prune the API-call log"),
      );
    }
  }

  /**
   * Deletes log rows, usage minutes and circuit transitions older than the retention period (a
   * circuit's current state lives in its own row and is kept); returns how many calls were removed.
   */
  async prune(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.options.retentionDays * 24 * 60 * 60 * 1000);
    const calls = await this.db().apiCall.deleteMany({ where: { createdAt: { lt: cutoff } } });
    await this.db().apiUsageMinute.deleteMany({ where: { minute: { lt: cutoff } } });
    await this.db().apiCallMinute.deleteMany({ where: { minute: { lt: cutoff } } });
    await this.db().integrationCircuitTransition.deleteMany({
      where: { createdAt: { lt: cutoff } },
    });
    return calls.count;
  }

  async stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}
