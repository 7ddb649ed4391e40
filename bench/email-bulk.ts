// A bulk send of 100,000 recipients to the SendGrid simulator, as the console does it: the list
// parsed and checked, every recipient logged in one transaction, then the job runner sending
// requests of 1,000 at SendGrid's rate limit. Prints the requests made, the wall time against the
// simulator's limit, and the peak memory of this (the console's) process.
//
//   npm run bench                                   # with the other benchmarks, embedded PGlite
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench npm run bench
//   BENCH_EMAIL_RECIPIENTS=20000 npm run bench
import { spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { createInterface } from "node:readline";

const recipients = Number(process.env.BENCH_EMAIL_RECIPIENTS ?? 100_000);
process.env.LOG_LEVEL ??= "warn";
if (!process.env.DATABASE_URL)
  throw new Error("run through `npm run bench`, which provides the database");
process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");

// The simulator first, in its own process: the console is pointed at it through the environment.
const simulator = spawn(
  process.execPath,
  ["--import", "tsx", path.join(import.meta.dirname, "support/sendgrid-simulator-process.ts")],
  { stdio: ["ignore", "pipe", "inherit"], env: process.env },
);
// However this process ends, the simulator ends with it.
process.on("exit", () => simulator.kill("SIGTERM"));
const first = await new Promise<string>((resolve, reject) => {
  const lines = createInterface({ input: simulator.stdout });
  lines.once("line", resolve);
  simulator.once("exit", () => reject(new Error("the simulator exited")));
});
const started: { url: string; publicKey: string; limit: number; windowMs: number } =
  JSON.parse(first);
process.env.SENDGRID_API_BASE = started.url;
process.env.SENDGRID_SIMULATOR_PUBLIC_KEY = started.publicKey;
delete process.env.SENDGRID_API_KEY;

const { getDb } = await import("../lib/db/client");
const { createTestActor } = await import("./support/bench-actor");
const { startBulkSend } = await import("../lib/email/bulk/create-bulk-send");
const { DEMO_TEMPLATES } = await import("../simulators/sendgrid/templates");
const { JobRunner } = await import("../lib/jobs/runner");
const { getJobQueue, stopJobQueue } = await import("../lib/jobs/queue");
const { sendRequestJob } = await import("../lib/email/send/job");
const { shutdownIntegrationCore } = await import("../lib/integrations/runtime");
const { getPool } = await import("../lib/db/pool");

const db = getDb();
await db.emailRateWindow.deleteMany({});
await db.integrationCircuit.deleteMany({ where: { provider: "sendgrid" } });
await getJobQueue();
const actor = await createTestActor();
const template = DEMO_TEMPLATES[0];
if (!template) throw new Error("the simulator has no templates");

const baseline = process.memoryUsage().rss;
let peakHeap = 0;
// Outside the JS heap: Buffers and ArrayBuffers (JSON parameters on their way to the socket), and
// the rest of RSS (code, WebAssembly memory such as Prisma's query compiler, the allocator's slack).
let peakExternal = 0;
let peakHeapTotal = 0;
const sampler = setInterval(() => {
  const usage = process.memoryUsage();
  peakHeap = Math.max(peakHeap, usage.heapUsed);
  peakHeapTotal = Math.max(peakHeapTotal, usage.heapTotal);
  peakExternal = Math.max(peakExternal, usage.external);
}, 50);

const prefix = randomBytes(4).toString("hex");
const csvStarted = performance.now();
const lines = ["email,first_name,order"];
for (let index = 0; index < recipients; index += 1) {
  lines.push(`customer-${prefix}-${index}@example.com,Person ${index},A-${100_000 + index}`);
}
const csv = lines.join("\n");
lines.length = 0;
const bulk = await startBulkSend({
  actor,
  csv,
  input: { templateId: template.id, fileName: "bench.csv", idempotencyKey: randomUUID() },
});
const queuedMs = performance.now() - csvStarted;
const afterQueue = { rss: process.resourceUsage().maxRSS * 1024, heap: peakHeap };

// As `npm start` runs it: one batch in flight on the embedded database, four on a server.
const concurrency = Number(
  process.env.BENCH_EMAIL_CONCURRENCY ?? (process.env.EMBEDDED_DATABASE ? 1 : 4),
);
const sendStarted = performance.now();
const sendStartedAt = Date.now();
await new JobRunner({ concurrency, definitions: [sendRequestJob] }).start();
for (;;) {
  const open = await db.emailSendRequest.count({
    where: { bulkSendId: bulk.id, state: { in: ["PENDING", "SENDING"] } },
  });
  if (open === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 20));
}
const sendMs = performance.now() - sendStarted;
const sendEndedAt = Date.now();
clearInterval(sampler);

const ledger: { data: { id: string; at: number; personalizations: number }[] } = await (
  await fetch(`${started.url}/__simulator/ledger/sends?limit=10000`)
).json();
const sends = ledger.data;
const received: { data: { path: string }[] } = await (
  await fetch(`${started.url}/__simulator/requests`)
).json();
const accepted = await db.emailSendRequest.count({
  where: { bulkSendId: bulk.id, state: "ACCEPTED" },
});
const mailRequests = received.data.filter((request) => request.path === "/v3/mail/send").length;
const rate = (started.limit * 1000) / started.windowMs;
const floorMs = (Math.ceil(bulk.requests / started.limit) - 1) * started.windowMs;
const sendSpanMs = sends.length > 1 ? (sends.at(-1)?.at ?? 0) - (sends[0]?.at ?? 0) : 0;
const gaps = sends
  .slice(1)
  .map((send, index) => send.at - (sends[index]?.at ?? send.at))
  .sort((a, b) => a - b);
const inOrder = sends.slice(1).map((send, index) => send.at - (sends[index]?.at ?? send.at));
const slowGaps = inOrder
  .map((gap, index) => ({ gap, before: index + 2 }))
  .filter(({ gap }) => gap > 1.5 * (gaps[Math.floor(gaps.length / 2)] ?? 0));
const gapAt = (q: number) => gaps[Math.min(gaps.length - 1, Math.floor(q * gaps.length))] ?? 0;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

console.log(`
Bulk send of ${recipients.toLocaleString("en")} recipients to the SendGrid simulator (${process.env.EMBEDDED_DATABASE ? "embedded PGlite" : "PostgreSQL"}, runner concurrency ${concurrency})
  requests made to POST /v3/mail/send: ${sends.length} (${bulk.requests} planned, ${accepted} accepted; ${sends.reduce((sum, send) => sum + send.personalizations, 0).toLocaleString("en")} personalizations)
  POST /v3/mail/send requests the simulator received (429s included): ${mailRequests}
  simulator rate limit: ${started.limit} per ${started.windowMs} ms (${rate}/s)
  list parsed and logged (${recipients.toLocaleString("en")} messages, one transaction): ${(queuedMs / 1000).toFixed(1)} s
  sending wall time: ${(sendMs / 1000).toFixed(2)} s
    against the rate limit: ${bulk.requests} requests at ${rate}/s need ${(bulk.requests / rate).toFixed(1)} s; fixed ${started.windowMs} ms windows allow it in ${(floorMs / 1000).toFixed(1)} s
    over ${(bulk.requests / rate).toFixed(1)} s: ${(((sendMs - (bulk.requests / rate) * 1000) / ((bulk.requests / rate) * 1000)) * 100).toFixed(1)}%
    first to last request at the simulator: ${(sendSpanMs / 1000).toFixed(2)} s (gaps between requests: median ${gapAt(0.5)} ms, p90 ${gapAt(0.9)} ms, max ${gapAt(1)} ms)
    gaps over 1.5× the median: ${slowGaps.length === 0 ? "none" : slowGaps.map(({ gap, before }) => `${gap} ms before request ${before}`).join(", ")}
    the runner's start to the first request: ${(sends[0]?.at ?? sendStartedAt) - sendStartedAt} ms; the last request to every request settled: ${sendEndedAt - (sends.at(-1)?.at ?? sendEndedAt)} ms
  peak memory of this process: ${mb(process.resourceUsage().maxRSS * 1024)} RSS, ${mb(peakHeap)} JS heap used (${mb(peakHeapTotal)} reserved), ${mb(peakExternal)} external
    by the end of logging the list: ${mb(afterQueue.rss)} RSS, ${mb(afterQueue.heap)} JS heap
    before the list, with the console's modules loaded: ${mb(baseline)} RSS
`);

simulator.kill("SIGTERM");
await stopJobQueue(5_000);
await shutdownIntegrationCore();
await getPool().end();
process.exit(sends.length === bulk.requests && accepted === bulk.requests ? 0 : 1);
