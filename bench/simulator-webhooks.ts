// How many signed webhook deliveries per second the simulator host sends to a local receiver:
// a trivial one (reads the body, answers 204) and one that also verifies the Standard Webhooks
// signature with the reference library, at several delivery concurrencies. Sender and receiver
// share this process and its cores, so the figures are a floor for the host alone.
//
//   npx tsx bench/simulator-webhooks.ts
//   BENCH_DELIVERIES=50000 BENCH_CONCURRENCY=8,64 npx tsx bench/simulator-webhooks.ts
import http from "node:http";
import { Webhook } from "standardwebhooks";
import { startGenericSimulator } from "../simulators/generic";

const deliveries = Number(process.env.BENCH_DELIVERIES ?? 20_000);
const concurrencies = (process.env.BENCH_CONCURRENCY ?? "1,8,32,64").split(",").map(Number);

async function receiver(verify: (body: string, headers: http.IncomingHttpHeaders) => boolean) {
  let received = 0;
  let rejected = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received += 1;
      if (!verify(Buffer.concat(chunks).toString("utf8"), req.headers)) rejected += 1;
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    counts: () => ({ received, rejected }),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const sim = await startGenericSimulator({ historyLimit: 1_000 });
const events = sim.generateChanges(deliveries, { deliver: false });
const header = (headers: http.IncomingHttpHeaders, name: string) => {
  const value = headers[name];
  return typeof value === "string" ? value : "";
};
const webhook = new Webhook(sim.webhooks.signer.verificationKey);
const receivers = {
  trivial: await receiver(() => true),
  verifying: await receiver((body, headers) => {
    try {
      webhook.verify(body, {
        "webhook-id": header(headers, "webhook-id"),
        "webhook-timestamp": header(headers, "webhook-timestamp"),
        "webhook-signature": header(headers, "webhook-signature"),
      });
      return true;
    } catch {
      return false;
    }
  }),
};

// Warm-up, so that both ends run optimised code.
sim.webhooks.configure({ targetUrl: receivers.trivial.url, concurrency: 8 });
sim.webhooks.send(events.slice(0, 2_000));
await sim.webhooks.drain();

console.log(
  `${deliveries} signed deliveries per run (event bodies ~${JSON.stringify(events[0]).length} bytes)`,
);
console.log("receiver    concurrency   deliveries/s   CPU µs/delivery (both ends)");
for (const [name, target] of Object.entries(receivers)) {
  for (const concurrency of concurrencies) {
    sim.webhooks.configure({ targetUrl: target.url, concurrency });
    const before = target.counts();
    const cpu = process.cpuUsage();
    const started = performance.now();
    sim.webhooks.send(events);
    await sim.webhooks.drain();
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const after = target.counts();
    if (after.received - before.received !== deliveries || after.rejected !== before.rejected) {
      throw new Error(
        `${name}: expected ${deliveries} good deliveries, got ${JSON.stringify(after)}`,
      );
    }
    console.log(
      `${name.padEnd(11)} ${String(concurrency).padStart(11)} ${Math.round(deliveries / seconds)
        .toString()
        .padStart(14)} ${((used.user + used.system) / deliveries).toFixed(0).padStart(14)}`,
    );
  }
}

await sim.close();
await Promise.all(Object.values(receivers).map((target) => target.close()));
