// Webhook inbox throughput: unique signed Standard Webhooks deliveries through three servers, in one
// run, on one fresh PostgreSQL database, each doing the same verify-and-insert:
//   1. bare     node:http + pg in a child process: the machine's floor
//   2. minimal  a Next.js route handler (bench/minimal-next, production build): the framework's floor
//   3. console  the real POST /api/webhooks/<name> under `npm start` (production build, proxy,
//               inbox transaction, job enqueue, in-process worker)
// The minimal app also serves the same handler behind a no-op proxy, to tell the cost of Next.js's
// proxy machinery apart from the work the console's proxy.ts does.
//
// Not in bench/run.ts: that runs in-process benchmarks on PGlite or DATABASE_URL, while this one
// needs a PostgreSQL server to create databases on and builds two Next.js apps.
//
//   npm run bench:ingest
//   BENCH_POSTGRES_URL=postgresql://user@host:5432/postgres npm run bench:ingest
//   BENCH_EVENTS=10000 BENCH_CONCURRENCY=50 BENCH_RATE=500 BENCH_RATE_SECONDS=10 npm run bench:ingest
//   BENCH_PROFILE=1 npm run bench:ingest
//     also CPU-profiles both Next.js servers (--cpu-prof, a few % slower) and prints where each
//     spends its CPU per request during the closed loop, and runs the console once more with
//     JOB_WORKER=off to show the ingest path without the in-process worker
//   BENCH_KEEP=1 npm run bench:ingest   # keeps the servers' logs and profiles in a temp folder
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { applyMigrations } from "../lib/db/migrations";
import {
  closedLoop,
  createLoadPool,
  fixedRate,
  percentile,
  signDeliveries,
  type Delivery,
  type PhaseResult,
} from "./webhook-ingest/load";
import {
  cpuBetween,
  findInTree,
  freePort,
  pidsCpu,
  startChild,
  stopAllChildren,
  stopChild,
  treeCpu,
  waitUntil,
  type Child,
} from "./webhook-ingest/processes";
import { summariseProfiles, type ProfileSummary } from "./webhook-ingest/profile";

const root = path.resolve(import.meta.dirname, "..");
const minimalDir = path.join(root, "bench/minimal-next");
const nextBin = path.join(root, "node_modules/.bin/next");

const numberSetting = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};
const EVENTS = numberSetting("BENCH_EVENTS", 8000);
const CONCURRENCY = numberSetting("BENCH_CONCURRENCY", 50);
// Enough for V8 to optimise the hot paths and for Next.js to load the route's chunks.
const WARMUP = numberSetting("BENCH_WARMUP", 1500);
const RATE = numberSetting("BENCH_RATE", 500);
const RATE_SECONDS = numberSetting("BENCH_RATE_SECONDS", 10);
const COOKIE_EVENTS = numberSetting("BENCH_COOKIE_EVENTS", 1500);
const PROFILE = process.env.BENCH_PROFILE === "1";
// Keeps the servers' logs (and profiles, for Chrome DevTools) instead of deleting them at the end.
const KEEP = process.env.BENCH_KEEP === "1";
const adminUrl = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

const AIM_RATIO = 0.7;
const AIM_P99_MS = 50;

const say = (line = "") => console.log(line);
const hrUs = () => Number(process.hrtime.bigint() / 1000n);
const loadAverage = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(", ");

interface Measured {
  label: string;
  closed: PhaseResult;
  serverCpuMs: number;
  postgresCpuMs: number;
  loadgenCpuMs: number;
  rate?: PhaseResult;
  profile?: ProfileSummary | null;
}

function rps(result: PhaseResult) {
  return (result.ok / result.wallMs) * 1000;
}
function errorsOf(result: PhaseResult) {
  return [...result.errors.values()].reduce((sum, count) => sum + count, 0);
}
function errorDetail(result: PhaseResult) {
  return [...result.errors].map(([key, count]) => `${key}×${count}`).join(" ");
}
function latency(result: PhaseResult) {
  const sorted = [...result.latencies].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

// ---------------------------------------------------------------------------------------------
// The database: fresh per run, dropped at the end whatever happens.

const admin = new pg.Client({ connectionString: adminUrl });
const databaseName = `bench_ingest_${Date.now()}_${process.pid}`;
const databaseUrl = (() => {
  const url = new URL(adminUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
})();
let databaseCreated = false;
// The benchmark's own connections to the bench database (row counts, backend pids).
let db: pg.Pool | undefined;
const workDir = await mkdtemp(path.join(os.tmpdir(), "bench-ingest-"));
let failed = false;

async function cleanUp() {
  await stopAllChildren();
  // Before the DROP … WITH (FORCE), which would otherwise end these connections under the pool.
  const pool = db;
  db = undefined;
  await pool?.end().catch(() => undefined);
  if (databaseCreated) {
    // FORCE: a server killed mid-run may leave a backend behind for a moment.
    await admin
      .query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`)
      .catch((error: unknown) => console.error(`could not drop ${databaseName}: ${String(error)}`));
  }
  await admin.end().catch(() => undefined);
  if (KEEP) console.log(`logs${PROFILE ? " and CPU profiles" : ""} kept in ${workDir}`);
  else await rm(workDir, { recursive: true, force: true });
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the servers and dropping ${databaseName}…`);
    void cleanUp().finally(() => process.exit(130));
  });
}

async function backendPids(): Promise<number[]> {
  if (!db) return [];
  const rows = await db.query<{ pid: number }>(
    "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
    [databaseName],
  );
  return rows.rows.map((row) => row.pid);
}

/**
 * One closed-loop measurement with the CPU each side used over it: the server's process tree,
 * the PostgreSQL backends of the bench database, and this process (the load generator).
 */
async function measureClosed(
  label: string,
  serverPid: number,
  origin: string,
  urlPath: string,
  deliveries: Delivery[],
): Promise<{ measured: Measured; fromUs: number; toUs: number }> {
  const pool = createLoadPool(origin, CONCURRENCY);
  try {
    const serverBefore = await treeCpu(serverPid);
    const postgresBefore = await pidsCpu(await backendPids());
    const loadgenBefore = process.cpuUsage();
    const fromUs = hrUs();
    const closed = await closedLoop(pool, urlPath, deliveries, CONCURRENCY);
    const toUs = hrUs();
    const loadgen = process.cpuUsage(loadgenBefore);
    const serverCpuMs = cpuBetween(serverBefore, await treeCpu(serverPid));
    const postgresCpuMs = cpuBetween(postgresBefore, await pidsCpu(await backendPids()));
    return {
      measured: {
        label,
        closed,
        serverCpuMs,
        postgresCpuMs,
        loadgenCpuMs: (loadgen.user + loadgen.system) / 1000,
      },
      fromUs,
      toUs,
    };
  } finally {
    await pool.close();
  }
}

async function warmUp(origin: string, urlPath: string, deliveries: Delivery[]) {
  const pool = createLoadPool(origin, CONCURRENCY);
  try {
    const result = await closedLoop(pool, urlPath, deliveries, CONCURRENCY);
    if (result.ok === 0) throw new Error(`warm-up of ${urlPath}: no 2xx (${errorDetail(result)})`);
    return result;
  } finally {
    await pool.close();
  }
}

async function measureRate(origin: string, urlPath: string, deliveries: Delivery[], rate = RATE) {
  const pool = createLoadPool(origin, CONCURRENCY);
  try {
    return await fixedRate(pool, urlPath, deliveries, rate);
  } finally {
    await pool.close();
  }
}

/** Rows a target stored, and whether each accepted event is there exactly once. */
async function storedRows(provider: string) {
  if (!db) throw new Error("no database");
  const rows = await db.query<{ rows: string; events: string; processed: string }>(
    `SELECT count(*) AS rows, count(DISTINCT "eventId") AS events,
            count(*) FILTER (WHERE "status" = 'PROCESSED') AS processed
     FROM "WebhookDelivery" WHERE "provider" = $1`,
    [provider],
  );
  const row = rows.rows[0];
  return {
    rows: Number(row?.rows ?? 0),
    events: Number(row?.events ?? 0),
    processed: Number(row?.processed ?? 0),
  };
}

// ---------------------------------------------------------------------------------------------
// Builds. The console's is `npm start`'s own (it rebuilds when its sources changed); the minimal
// app's is rebuilt here when its sources or the installed packages changed.

async function minimalSourceHash(): Promise<string> {
  const hash = createHash("sha256");
  const files = [
    "bench/minimal-next/next.config.ts",
    "bench/minimal-next/tsconfig.json",
    "bench/minimal-next/proxy.ts",
    "bench/minimal-next/instrumentation.ts",
    "bench/minimal-next/app/api/ingest/route.ts",
    "bench/minimal-next/app/api/ingest-proxied/route.ts",
    "bench/webhook-ingest/verify-and-insert.ts",
    "package-lock.json",
  ];
  for (const file of files) {
    hash.update(file);
    hash.update(await readFile(path.join(root, file)).catch(() => Buffer.alloc(0)));
  }
  return hash.digest("hex");
}

async function buildMinimal() {
  const hash = await minimalSourceHash();
  const stamp = path.join(minimalDir, ".next/bench-source-hash");
  if ((await readFile(stamp, "utf8").catch(() => "")) === hash) return "up to date";
  const started = Date.now();
  const build = startChild("minimal Next.js build", nextBin, ["build"], {
    cwd: minimalDir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    logFile: path.join(workDir, "minimal-build.log"),
  });
  if ((await build.exited) !== 0) throw new Error(`next build of bench/minimal-next failed`);
  await writeFile(stamp, hash);
  return `built in ${((Date.now() - started) / 1000).toFixed(1)} s`;
}

function profilingEnv(name: string): Record<string, string> {
  if (!PROFILE) return {};
  const dir = path.join(workDir, `profile-${name}`);
  const options = [process.env.NODE_OPTIONS, `--cpu-prof --cpu-prof-dir=${dir}`];
  return { NODE_OPTIONS: options.filter(Boolean).join(" ") };
}

async function printLogTail(child: Child) {
  const text = await readFile(child.logFile, "utf8").catch(() => "");
  const lines = text.trimEnd().split("\n").slice(-40);
  console.error(`\n--- last lines of ${child.name}'s output ---\n${lines.join("\n")}\n---`);
}

// ---------------------------------------------------------------------------------------------
// The run.

const results: Measured[] = [];
const extraRates: { label: string; result: PhaseResult }[] = [];
const secret = `whsec_${randomBytes(24).toString("base64")}`;
const providers = { bare: "bench-bare", minimal: "bench-minimal", console: "benchhook" };
const notes: string[] = [];
const started = Date.now();
const startChildren: Child[] = [];

try {
  await admin.connect();
  await admin.query(`CREATE DATABASE "${databaseName}"`);
  databaseCreated = true;
  await applyMigrations(databaseUrl);
  db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  // An idle connection's error (the server restarting, the database dropped on SIGINT) is an
  // 'error' event on the pool, which would end the process before it cleans up.
  db.on("error", (error) => console.error(`bench database connection: ${error.message}`));

  say(`webhook inbox throughput — Node ${process.version}, ${os.cpus().length} cores`);
  say(`load average at start: ${loadAverage()}`);
  say(
    `database: fresh ${databaseName} on ${new URL(adminUrl).host}; ${EVENTS} unique events per target at ` +
      `concurrency ${CONCURRENCY} after ${WARMUP} warm-up events; fixed rate ${RATE}/s for ${RATE_SECONDS} s`,
  );
  say(`minimal Next.js app: ${await buildMinimal()}`);
  const baseEnv = {
    ...process.env,
    BENCH_DATABASE_URL: databaseUrl,
    BENCH_WEBHOOK_SECRET: secret,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const rateCount = Math.round(RATE * RATE_SECONDS);

  // 1. bare ----------------------------------------------------------------------------------
  {
    const bare = startChild(
      "bare server",
      process.execPath,
      ["--import", "tsx", path.join(import.meta.dirname, "webhook-ingest/bare-server.ts")],
      {
        cwd: root,
        env: { ...baseEnv, BENCH_PROVIDER: providers.bare },
        stdio: ["ignore", "pipe", "pipe", "ipc"],
        logFile: path.join(workDir, "bare.log"),
      },
    );
    startChildren.push(bare);
    const port = await new Promise<number>((resolve, reject) => {
      bare.process.once("message", (message: { port?: number }) =>
        message.port ? resolve(message.port) : reject(new Error("bare server sent no port")),
      );
      void bare.exited.then(() => reject(new Error("bare server exited")));
    });
    const origin = `http://127.0.0.1:${port}`;
    await warmUp(origin, "/ingest", signDeliveries(secret, WARMUP, "warm"));
    const deliveries = signDeliveries(secret, EVENTS, "load");
    const { measured } = await measureClosed(
      "bare node:http + pg",
      bare.process.pid ?? 0,
      origin,
      "/ingest",
      deliveries,
    );
    measured.rate = await measureRate(origin, "/ingest", signDeliveries(secret, rateCount, "rate"));
    results.push(measured);
    await stopChild(bare);
  }

  // 2. minimal Next.js route (and the same behind a no-op proxy) -----------------------------
  {
    const port = await freePort();
    const minimal = startChild(
      "minimal Next.js server",
      nextBin,
      ["start", "--port", String(port), "--hostname", "127.0.0.1"],
      {
        cwd: minimalDir,
        env: { ...baseEnv, BENCH_PROVIDER: providers.minimal, ...profilingEnv("minimal") },
        logFile: path.join(workDir, "minimal.log"),
      },
    );
    startChildren.push(minimal);
    const origin = `http://127.0.0.1:${port}`;
    await waitUntil(
      minimal,
      async () => (await fetch(`${origin}/api/ingest`)).status === 405,
      60_000,
    );
    const pid = minimal.process.pid ?? 0;
    await warmUp(origin, "/api/ingest", signDeliveries(secret, WARMUP, "warm"));
    const direct = await measureClosed(
      "minimal Next.js route",
      pid,
      origin,
      "/api/ingest",
      signDeliveries(secret, EVENTS, "load"),
    );
    direct.measured.rate = await measureRate(
      origin,
      "/api/ingest",
      signDeliveries(secret, rateCount, "rate"),
    );
    await warmUp(origin, "/api/ingest-proxied", signDeliveries(secret, WARMUP, "warm-proxied"));
    const proxied = await measureClosed(
      "minimal route + no-op proxy",
      pid,
      origin,
      "/api/ingest-proxied",
      signDeliveries(secret, EVENTS, "load-proxied"),
    );
    results.push(direct.measured, proxied.measured);
    await stopChild(minimal, 30_000);
    if (PROFILE) {
      const dir = path.join(workDir, "profile-minimal");
      direct.measured.profile = await summariseProfiles(dir, direct.fromUs, direct.toUs);
      proxied.measured.profile = await summariseProfiles(dir, proxied.fromUs, proxied.toUs);
    }
  }

  // 3. the console ---------------------------------------------------------------------------
  {
    const launched = await startConsole({ name: "console", jobWorker: "in-process" });
    const { child: consoleServer, origin, serverPid, authSecret } = launched;
    notes.push(launched.note);
    const urlPath = `/api/webhooks/${providers.console}`;

    /** Waits for the in-process worker to mark every stored event PROCESSED. */
    const drain = async (timeoutMs = 180_000) => {
      const from = performance.now();
      for (;;) {
        const stored = await storedRows(providers.console);
        if (stored.processed === stored.rows) return (performance.now() - from) / 1000;
        if (performance.now() - from > timeoutMs)
          throw new Error(`worker left ${stored.rows - stored.processed} events unprocessed`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };

    const warm = await warmUp(origin, urlPath, signDeliveries(secret, WARMUP, "warm"));
    await drain();
    const load = await measureClosed(
      `console ${urlPath}`,
      serverPid,
      origin,
      urlPath,
      signDeliveries(secret, EVENTS, "load"),
    );
    const afterLoad = await storedRows(providers.console);
    const backlog = afterLoad.rows - afterLoad.processed;
    const drainSeconds = await drain();
    const span = await db.query<{ events: string; seconds: number }>(
      `SELECT count(*) AS events,
              extract(epoch FROM max("processedAt") - min("receivedAt"))::float8 AS seconds
       FROM "WebhookDelivery" WHERE "provider" = $1 AND "eventId" LIKE 'evt\\_load\\_%'`,
      [providers.console],
    );
    const spanRow = span.rows[0];
    const loadSeconds = load.measured.closed.wallMs / 1000;
    notes.push(
      `worker (in-process, as npm start runs it): the ${spanRow?.events ?? "?"} events of the measured run were all ` +
        `PROCESSED ${Number(spanRow?.seconds).toFixed(1)} s after the first was received ` +
        `(${(Number(spanRow?.events) / Number(spanRow?.seconds)).toFixed(0)} events/s end to end, while ingest took ${loadSeconds.toFixed(1)} s); ` +
        `${backlog} were still queued at the last 2xx and drained in ${drainSeconds.toFixed(1)} s` +
        (backlog > 0
          ? ` (${(backlog / drainSeconds).toFixed(0)} events/s with no ingest running)`
          : ""),
    );

    load.measured.rate = await measureRate(
      origin,
      urlPath,
      signDeliveries(secret, rateCount, "rate"),
    );
    await drain();
    // Past its capacity a server's latency is its queue, whatever each request costs. At half its
    // closed-loop throughput the figures say what a request costs when the console keeps up.
    const sustainable = Math.floor(rps(load.measured.closed) / 2);
    if (sustainable < RATE) {
      const result = await measureRate(
        origin,
        urlPath,
        signDeliveries(secret, Math.round(sustainable * RATE_SECONDS), "rate-half"),
        sustainable,
      );
      extraRates.push({
        label: `console at ${sustainable}/s (half its closed loop)`,
        result,
      });
      await drain();
    }

    // A session cookie on a webhook request: providers never send one, but proxy.ts decrypts any
    // it gets before it looks at the path. Alternated with cookie-less runs of the same size.
    const cookieName = "authjs.session-token";
    const cookie = `${cookieName}=${await encode({
      token: { sub: "bench-user", email: "bench@localhost.test" },
      secret: authSecret,
      salt: cookieName,
      maxAge: 3600,
    })}`;
    const cookieRuns: { cookie: boolean; result: PhaseResult }[] = [];
    const cookieRun = async (withCookie: boolean, count: number, phase: string) => {
      const deliveries = signDeliveries(secret, count, phase, withCookie ? { cookie } : {});
      const pool = createLoadPool(origin, CONCURRENCY);
      try {
        return await closedLoop(pool, urlPath, deliveries, CONCURRENCY);
      } finally {
        await pool.close();
        await drain();
      }
    };
    // The decryption code has not run yet in this server: warm it like every other path.
    const cookieWarm = await cookieRun(true, Math.min(WARMUP, 500), "cookie-warm");
    // ABBA, so that a drift in the machine's load during the rounds favours neither side.
    for (const [round, withCookie] of [false, true, true, false].entries()) {
      const phase = withCookie ? `cookie${round}` : `nocookie${round}`;
      cookieRuns.push({
        cookie: withCookie,
        result: await cookieRun(withCookie, COOKIE_EVENTS, phase),
      });
    }
    const cookieSummary = (withCookie: boolean) => {
      const runs = cookieRuns.filter((run) => run.cookie === withCookie).map((run) => run.result);
      const ok = runs.reduce((sum, run) => sum + run.ok, 0);
      const wall = runs.reduce((sum, run) => sum + run.wallMs, 0);
      const merged = runs.flatMap((run) => run.latencies).sort((a, b) => a - b);
      return {
        rps: (ok / wall) * 1000,
        p50: percentile(merged, 0.5),
        p99: percentile(merged, 0.99),
        errors: runs.reduce((sum, run) => sum + errorsOf(run), 0),
      };
    };

    // Exactly once: every accepted event stored once, processed once, its effect applied once.
    const accepted = [
      load.measured.closed,
      load.measured.rate,
      ...extraRates.map((extra) => extra.result),
      ...cookieRuns.map((run) => run.result),
    ].reduce((sum, run) => sum + run.accepted, warm.accepted + cookieWarm.accepted);
    const stored = await storedRows(providers.console);
    const effects = await db.query<{ objects: string; applied: string; most: number }>(
      `SELECT count(*) AS objects, coalesce(sum("appliedEvents"), 0) AS applied,
              coalesce(max("appliedEvents"), 0) AS most
       FROM "ExternalObject" WHERE "provider" = $1`,
      [providers.console],
    );
    const effect = effects.rows[0];
    const jobs = await db.query<{ state: string; jobs: string }>(
      `SELECT state, count(*) AS jobs FROM pgboss.job WHERE name = 'webhook-delivery' GROUP BY state ORDER BY state`,
    );

    await stopConsole(consoleServer, serverPid);
    if (PROFILE) {
      load.measured.profile = await summariseProfiles(
        path.join(workDir, "profile-console"),
        load.fromUs,
        load.toUs,
      );
    }
    results.push(load.measured);

    if (PROFILE) {
      // The same ingest with no worker in the server (JOB_WORKER=off, as when `npm run worker`
      // processes elsewhere): what the ingest path costs alone, and what the in-process worker
      // takes from it. Its events stay queued; the database is dropped at the end anyway.
      const alone = await startConsole({ name: "console-worker-off", jobWorker: "off" });
      await warmUp(alone.origin, urlPath, signDeliveries(secret, WARMUP, "warm-off"));
      const off = await measureClosed(
        "console, JOB_WORKER=off (diagnostic)",
        alone.serverPid,
        alone.origin,
        urlPath,
        signDeliveries(secret, EVENTS, "load-off"),
      );
      await stopConsole(alone.child, alone.serverPid);
      off.measured.profile = await summariseProfiles(
        path.join(workDir, "profile-console-worker-off"),
        off.fromUs,
        off.toUs,
      );
      results.push(off.measured);
    }

    // Proxy cost in-process: the real proxy.ts function, no Next.js around it.
    const proxyCost = await runProxyCost(authSecret, providers.console);

    printResults(rateCount);
    say();
    say("console extras");
    for (const note of notes) say(`  ${note}`);
    const exactlyOnce =
      stored.rows === accepted &&
      stored.events === accepted &&
      stored.processed === accepted &&
      Number(effect?.objects) === accepted &&
      Number(effect?.applied) === accepted &&
      Number(effect?.most) === 1;
    say(
      `  exactly once: ${accepted} events accepted (2xx with accepted=1, warm-up included); ` +
        `${stored.rows} rows, ${stored.events} distinct event ids, ${stored.processed} PROCESSED; ` +
        `${effect?.objects ?? "?"} ExternalObject effects applied ${effect?.applied ?? "?"} times (at most ${effect?.most ?? "?"} per object) ` +
        `→ ${exactlyOnce ? "every accepted event stored and applied exactly once" : "MISMATCH"}`,
    );
    say(`  pg-boss jobs: ${jobs.rows.map((row) => `${row.state} ${row.jobs}`).join(", ")}`);
    const withCookie = cookieSummary(true);
    const without = cookieSummary(false);
    say(
      `  session cookie on webhook requests (2 alternating rounds of ${COOKIE_EVENTS} each, concurrency ${CONCURRENCY}): ` +
        `without ${without.rps.toFixed(0)} req/s p50 ${without.p50.toFixed(1)} ms p99 ${without.p99.toFixed(1)} ms; ` +
        `with ${withCookie.rps.toFixed(0)} req/s p50 ${withCookie.p50.toFixed(1)} ms p99 ${withCookie.p99.toFixed(1)} ms ` +
        `(with/without ${(withCookie.rps / without.rps).toFixed(2)}× throughput; errors ${without.errors}/${withCookie.errors})`,
    );
    if (proxyCost) {
      say(
        `  proxy.ts in-process per /api/webhooks call (median of 3×${process.env.BENCH_PROXY_CALLS ?? 20_000}, CPU): ` +
          `no cookie ${proxyCost.noCookie.cpuUs.toFixed(1)} µs, with a session cookie ${proxyCost.cookie.cpuUs.toFixed(1)} µs ` +
          `(building the NextRequest alone ${proxyCost.requestOnly.cpuUs.toFixed(1)} µs, a proxy that only calls NextResponse.next() ${proxyCost.noop.cpuUs.toFixed(1)} µs)`,
      );
    }
  }
} catch (error) {
  failed = true;
  console.error(`\nbenchmark failed: ${error instanceof Error ? error.message : String(error)}`);
  for (const child of startChildren) await printLogTail(child);
} finally {
  say(
    `\nload average at end: ${loadAverage()}; whole run ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  await cleanUp();
}
process.exit(failed ? 1 : 0);

// ---------------------------------------------------------------------------------------------

/** `npm start` with the bench database and one generic provider that has a webhook secret. */
async function startConsole(options: { name: string; jobWorker: "in-process" | "off" }) {
  const port = await freePort();
  const authSecret = randomBytes(32).toString("base64url");
  const child = startChild(`${options.name} (npm start)`, "npm", ["start"], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: authSecret,
      DATA_DIR: path.join(workDir, `${options.name}-data`),
      PORT: String(port),
      JOB_WORKER: options.jobWorker,
      // Set so that start-up prints no generated password into the benchmark's logs.
      ADMIN_EMAIL: "bench-admin@localhost.test",
      ADMIN_PASSWORD: randomBytes(18).toString("base64url"),
      INTEGRATIONS_CONFIG: JSON.stringify({
        providers: [
          {
            name: providers.console,
            displayName: "Bench webhooks",
            // Never called: the benchmark only receives this provider's webhooks.
            baseUrl: "http://127.0.0.1:9",
            rateLimitPerSecond: 10,
            webhookSecrets: [secret],
          },
        ],
      }),
      ...profilingEnv(options.name),
    },
    logFile: path.join(workDir, `${options.name}.log`),
  });
  startChildren.push(child);
  const origin = `http://127.0.0.1:${port}`;
  const startedAt = Date.now();
  // Includes the production build when the console's sources changed since the last one.
  await waitUntil(child, async () => (await fetch(`${origin}/api/health`)).status === 200, 600_000);
  const log = await readFile(child.logFile, "utf8");
  const note =
    `${options.name} ready after ${((Date.now() - startedAt) / 1000).toFixed(1)} s` +
    (log.includes("building the console") ? " (npm start rebuilt it first)" : "");
  const serverPid = await findInTree(child.process.pid ?? 0, "next-server");
  if (!serverPid) throw new Error("no next-server process under npm start");
  return { child, origin, serverPid, authSecret, note };
}

/**
 * The console's server is the next-server process under npm → tsx → start.ts. It alone gets
 * SIGTERM: it then stops the job queue and exits (writing its CPU profile when profiling), and the
 * launcher follows; a signal to the whole group would reach it twice, and the second kills it
 * before the profile is written.
 */
async function stopConsole(child: Child, serverPid: number) {
  try {
    process.kill(serverPid, "SIGTERM");
  } catch {
    // Already gone.
  }
  const timeout = new Promise((resolve) => setTimeout(resolve, 40_000));
  await Promise.race([child.exited, timeout]);
  await stopChild(child);
}

async function runProxyCost(authSecret: string, provider: string) {
  const child = startChild(
    "proxy micro-benchmark",
    process.execPath,
    [
      "--conditions=react-server",
      "--import",
      "tsx",
      path.join(import.meta.dirname, "webhook-ingest/proxy-cost.ts"),
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        AUTH_SECRET: authSecret,
        DATABASE_URL: databaseUrl,
        BENCH_PROVIDER: provider,
        LOG_LEVEL: "warn",
      },
      logFile: path.join(workDir, "proxy-cost.log"),
    },
  );
  if ((await child.exited) !== 0) {
    await printLogTail(child);
    return null;
  }
  const line = (await readFile(child.logFile, "utf8")).trim().split("\n").pop() ?? "{}";
  type Cost = { wallUs: number; cpuUs: number };
  return JSON.parse(line) as { noop: Cost; noCookie: Cost; cookie: Cost; requestOnly: Cost };
}

function printResults(rateCount: number) {
  const bare = results.find((result) => result.label.startsWith("bare"));
  const minimal = results.find((result) => result.label === "minimal Next.js route");
  const consoleResult = results.find((result) => result.label.startsWith("console"));
  const pad = (text: string, width: number) => text.padStart(width);
  say();
  say(`closed loop: ${EVENTS} unique signed events per target, ${CONCURRENCY} connections`);
  say(
    `${"target".padEnd(44)}${pad("req/s", 8)}${pad("p50 ms", 9)}${pad("p99 ms", 9)}${pad("errors", 8)}` +
      `${pad("×minimal", 10)}${pad("×bare", 8)}${pad("server CPU", 12)}${pad("PG CPU", 9)}${pad("loadgen", 9)}`,
  );
  say(`${"".padEnd(44)}${"".padEnd(52)}${pad("µs/req", 12)}${pad("µs/req", 9)}${pad("µs/req", 9)}`);
  for (const result of results) {
    const r = rps(result.closed);
    const l = latency(result.closed);
    const perRequest = (ms: number) => ((ms / result.closed.sent) * 1000).toFixed(0);
    say(
      `${result.label.padEnd(44)}${pad(r.toFixed(0), 8)}${pad(l.p50.toFixed(1), 9)}${pad(l.p99.toFixed(1), 9)}` +
        `${pad(String(errorsOf(result.closed)), 8)}` +
        `${pad(minimal ? (r / rps(minimal.closed)).toFixed(2) : "-", 10)}${pad(bare ? (r / rps(bare.closed)).toFixed(2) : "-", 8)}` +
        `${pad(perRequest(result.serverCpuMs), 12)}${pad(perRequest(result.postgresCpuMs), 9)}${pad(perRequest(result.loadgenCpuMs), 9)}`,
    );
    if (errorsOf(result.closed) > 0) say(`    errors: ${errorDetail(result.closed)}`);
  }
  say();
  say(
    `fixed rate: ${RATE} requests/s for ${RATE_SECONDS} s (${rateCount} events; latency from each request's scheduled time)`,
  );
  say(
    `${"target".padEnd(44)}${pad("answered/s", 11)}${pad("p50 ms", 9)}${pad("p99 ms", 9)}${pad("max ms", 9)}${pad("errors", 8)}`,
  );
  const rateRows = [
    ...results.flatMap((result) =>
      result.rate ? [{ label: result.label, rate: result.rate }] : [],
    ),
    ...extraRates.map((extra) => ({ label: extra.label, rate: extra.result })),
  ];
  for (const result of rateRows) {
    const l = latency(result.rate);
    say(
      `${result.label.padEnd(44)}${pad(((result.rate.ok / result.rate.wallMs) * 1000).toFixed(0), 11)}` +
        `${pad(l.p50.toFixed(1), 9)}${pad(l.p99.toFixed(1), 9)}${pad(l.max.toFixed(1), 9)}${pad(String(errorsOf(result.rate)), 8)}`,
    );
    if (errorsOf(result.rate) > 0) say(`    errors: ${errorDetail(result.rate)}`);
  }
  say();
  if (consoleResult && minimal) {
    const ratio = rps(consoleResult.closed) / rps(minimal.closed);
    say(
      `aim (issues 7 and 9): console ≥ ${AIM_RATIO}× the minimal route → ${ratio.toFixed(2)}× ${ratio >= AIM_RATIO ? "(met)" : "(NOT met)"}`,
    );
  }
  if (consoleResult?.rate) {
    const p99 = latency(consoleResult.rate).p99;
    say(
      `aim (issue 9): console p99 < ${AIM_P99_MS} ms at ${RATE} requests/s → ${p99.toFixed(1)} ms ${p99 < AIM_P99_MS ? "(met)" : "(NOT met)"}`,
    );
  }
  for (const result of results) {
    const profile = result.profile;
    if (!profile) continue;
    const requests = result.closed.sent;
    say();
    say(
      `CPU profile of ${result.label} over its closed loop (${profile.file}): busy ${profile.busyMs.toFixed(0)} ms ` +
        `= ${((profile.busyMs / requests) * 1000).toFixed(0)} µs/request on the main thread, idle ${profile.idleMs.toFixed(0)} ms`,
    );
    const rows = [...profile.buckets].sort((a, b) => b[1] - a[1]);
    for (const [bucket, ms] of rows) {
      if (ms / profile.busyMs < 0.005) continue;
      say(
        `  ${bucket.padEnd(46)}${pad(((ms / requests) * 1000).toFixed(1), 8)} µs/req${pad(((ms / profile.busyMs) * 100).toFixed(1), 7)}%`,
      );
    }
  }
}
