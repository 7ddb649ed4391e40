// What the API-call log costs off the call path: redacting a row and writing it in batches, in
// the app process's CPU per row (the database's own work is not counted) and in wall time.
//
//   npm run bench                    # embedded PGlite in memory, served by bench/run.ts
//   BENCH_LOG_ROWS=20000 npm run bench
import { randomBytes } from "node:crypto";
import type { ApiCallRecord } from "../lib/integrations/core/call-log";

const rows = Number(process.env.BENCH_LOG_ROWS ?? 10_000);
const rounds = 4;
process.env.LOG_LEVEL ??= "warn";
if (!process.env.DATABASE_URL)
  throw new Error("run through `npm run bench`, which provides the database");
process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");

const { ApiCallLog } = await import("../lib/integrations/core/call-log");
const { sanitizeBodyJson, sanitizePath } = await import("../lib/integrations/core/sanitize");
const { getPool } = await import("../lib/db/pool");

// The shape of a successful charge lookup, as the integration-core benchmark logs it.
const body = { id: "ch_bench", object: "charge", amount: 1999, currency: "eur", status: "succeeded" };
const row = (): ApiCallRecord => ({
  createdAt: Date.now(),
  provider: "bench-log",
  operation: "charges.retrieve",
  method: "GET",
  path: "/v1/charges/ch_bench",
  status: 200,
  durationMs: 1,
  attempt: 1,
  outcome: "SUCCESS",
  errorCode: null,
  providerRequestId: "req_bench",
  idempotencyKey: null,
  correlationId: null,
  actorId: null,
  actorEmail: null,
  requestBody: undefined,
  responseBody: { ...body },
});

console.log(`\nAPI-call log — ${rows} rows per round, ${rounds} rounds (the first warms up)`);
const log = new ApiCallLog({ flushIntervalMs: 3_600_000, retentionDays: 30 });
for (let round = 0; round < rounds; round++) {
  let started = performance.now();
  for (let index = 0; index < rows; index++) {
    sanitizePath("/v1/charges/ch_bench");
    sanitizeBodyJson(body);
  }
  const redactUs = ((performance.now() - started) / rows) * 1000;
  for (let index = 0; index < rows; index++) log.record(row());
  const cpu = process.cpuUsage();
  started = performance.now();
  await log.flush();
  const wallUs = ((performance.now() - started) / rows) * 1000;
  const used = process.cpuUsage(cpu);
  console.log(
    `  round ${round + 1}: redaction ${redactUs.toFixed(1)} µs/row   flush: app CPU ${((used.user + used.system) / rows).toFixed(1)} µs/row, wall ${wallUs.toFixed(1)} µs/row`,
  );
}
await log.stop();
await getPool().end();
process.exit(0);
