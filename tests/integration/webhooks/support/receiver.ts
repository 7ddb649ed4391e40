import http from "node:http";
import type { AddressInfo } from "node:net";
import { isAppError } from "@/lib/errors";
import type { ResolvedProvider } from "@/lib/integrations/providers/types";
import { receiveWebhook } from "@/lib/webhooks/ingest";

/**
 * The webhook route's work without Next.js: a loopback server that hands each delivery to
 * receiveWebhook, the service webhookRoute calls, and answers the same statuses.
 */
export async function startReceiver(provider: ResolvedProvider) {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === "string") headers.set(name, value);
      }
      receiveWebhook({
        provider,
        rawBody: Buffer.concat(chunks),
        headers,
        sourceIp: req.socket.remoteAddress ?? null,
      })
        .then((result) => {
          res.writeHead(200, { "content-type": "application/json" });
          res.end(JSON.stringify(result));
        })
        .catch((error: unknown) => {
          res.writeHead(isAppError(error) ? error.status : 503);
          res.end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
