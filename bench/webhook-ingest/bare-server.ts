// The machine's floor: node:http and a pg pool doing the shared verify-and-insert, nothing else.
// Run by bench/webhook-ingest.ts as a child process, so it has an event loop of its own like the
// two Next.js servers, and reports its port over IPC.
import { createServer } from "node:http";
import { createIngest, ingestSettingsFromEnv } from "./verify-and-insert";

// The console's limit (lib/webhooks/raw-body.ts), so both refuse the same bodies.
const LIMIT = 1024 * 1024;
const { ingest, close } = createIngest(ingestSettingsFromEnv(process.env));

const server = createServer((request, response) => {
  const reply = (status: number, body: unknown) => {
    const text = JSON.stringify(body);
    response.writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(text),
    });
    response.end(text);
  };
  if (request.method !== "POST" || request.url !== "/ingest") {
    reply(404, { received: false });
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  request.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > LIMIT) {
      reply(413, { received: false });
      request.destroy();
      return;
    }
    chunks.push(chunk);
  });
  request.on("end", () => {
    if (size > LIMIT) return;
    ingest(Buffer.concat(chunks, size), (name) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    }).then(
      (result) => reply(result.status, result.body),
      () => reply(500, { received: false }),
    );
  });
});

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address && typeof address === "object") process.send?.({ port: address.port });
});

process.on("SIGTERM", () => {
  server.close();
  server.closeAllConnections();
  void close().finally(() => process.exit(0));
});
