import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type pg from "pg";
import { getPool } from "@/lib/db/pool";
import { isAppError } from "@/lib/errors";
import type { ResolvedProvider } from "@/lib/integrations/providers/types";
import { receiveWebhook, type ConnectionSource } from "@/lib/webhooks/ingest";

/**
 * The database as the inbox sees it, failing partway through a delivery: BEGIN and the events'
 * INSERT run, then the connection drops before their jobs are enqueued, so the transaction rolls
 * back and the route answers 503.
 */
function failingMidway(pool: pg.Pool): ConnectionSource {
  return {
    async connect() {
      const client = await pool.connect();
      let statements = 0;
      return new Proxy(client, {
        get(target, property, receiver) {
          if (property !== "query") return Reflect.get(target, property, receiver);
          return async (...args: unknown[]) => {
            const result: unknown = await Reflect.apply(target.query, target, args);
            statements += 1;
            if (statements === 2)
              throw new Error("injected fault: the connection dropped after the insert");
            return result;
          };
        },
      });
    },
  };
}

/**
 * The webhook route's work on a loopback port (as tests/integration/webhooks/support/receiver.ts),
 * with a database fault on the first attempt of each delivery whose body `faulty` picks.
 */
export async function startFaultyReceiver(
  provider: ResolvedProvider,
  faulty: (bodyHash: string) => boolean,
) {
  const faulted = new Set<string>();
  const stats = { faults: 0, answered: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks);
      const hash = createHash("sha256").update(rawBody).digest("hex");
      const inject = faulty(hash) && !faulted.has(hash);
      if (inject) faulted.add(hash);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === "string") headers.set(name, value);
      }
      receiveWebhook({
        provider,
        rawBody,
        headers,
        sourceIp: req.socket.remoteAddress ?? null,
        connections: inject ? failingMidway(getPool()) : undefined,
      })
        .then((result) => {
          stats.answered += 1;
          res.writeHead(200, { "content-type": "application/json" });
          res.end(JSON.stringify(result));
        })
        .catch((error: unknown) => {
          if (inject) stats.faults += 1;
          res.writeHead(isAppError(error) ? error.status : 503);
          res.end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
