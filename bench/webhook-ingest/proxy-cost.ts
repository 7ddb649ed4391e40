// What the console's proxy.ts costs per webhook request, in-process: the real proxy function
// against a NextRequest for /api/webhooks/<name>, with no cookie (as providers send) and with a
// valid session cookie, next to a proxy that only answers NextResponse.next(). Run by
// bench/webhook-ingest.ts with the react-server condition (how server code loads outside Next.js);
// prints one JSON line.
import { encode, getToken } from "next-auth/jwt";
import { NextRequest, NextResponse } from "next/server";

const rounds = 3;
const calls = Number(process.env.BENCH_PROXY_CALLS ?? 20_000);
const secret = process.env.AUTH_SECRET ?? "";
const origin = "http://127.0.0.1:3000";
const provider = process.env.BENCH_PROVIDER ?? "bench";

const { default: proxy } = await import("../../proxy");

// The cookie a signed-in browser sends over http (Auth.js salts the key with the cookie's name).
const cookieName = "authjs.session-token";
const session = await encode({
  token: { sub: "bench-user", email: "bench@localhost.test" },
  secret,
  salt: cookieName,
  maxAge: 3600,
});

function request(cookie: boolean) {
  const headers = new Headers({
    "content-type": "application/json",
    "webhook-id": "evt_bench",
    "webhook-timestamp": String(Math.floor(Date.now() / 1000)),
    "webhook-signature": "v1,c2lnbmF0dXJl",
  });
  if (cookie) headers.set("cookie", `${cookieName}=${session}`);
  return new NextRequest(`${origin}/api/webhooks/${provider}`, { method: "POST", headers });
}

/** Median over rounds of wall time and of this process's CPU (all threads), µs per call. */
async function timePerCall(
  run: () => Promise<unknown>,
): Promise<{ wallUs: number; cpuUs: number }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    for (let index = 0; index < calls; index++) await run();
    wall.push(((performance.now() - started) / calls) * 1000);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / calls);
  }
  const median = (values: number[]) =>
    values.sort((a, b) => a - b)[Math.floor(rounds / 2)] ?? Number.NaN;
  return { wallUs: median(wall), cpuUs: median(cpu) };
}

// The request is built inside each call: Next.js builds a NextRequest per invocation too.
const noop = () => Promise.resolve(NextResponse.next());
const variants = {
  noop: () => noop(),
  noCookie: () => proxy(request(false)),
  cookie: () => proxy(request(true)),
  requestOnly: () => Promise.resolve(request(false)),
};
// Warm-up: V8 optimises after some thousands of calls; measuring earlier compares cold code.
for (const run of Object.values(variants)) for (let index = 0; index < 3000; index++) await run();
const result: Record<string, unknown> = {};
for (const [name, run] of Object.entries(variants)) result[name] = await timePerCall(run);
// Makes sure the cookie variant measured a real decryption, not a token the proxy threw away.
const token = await getToken({ req: request(true), secret, secureCookie: false });
result.cookieDecodes = token?.email === "bench@localhost.test" ? 1 : 0;
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
