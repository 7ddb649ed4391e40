import http from "node:http";
import { Webhook } from "standardwebhooks";

export interface ReceivedDelivery {
  /** webhook-id */
  id: string;
  timestamp: string;
  body: string;
  verified: boolean;
  /** What the receiver answered. */
  status: number;
  /** This delivery's number among those with the same webhook-id, from 1. */
  nth: number;
}

export interface WebhookReceiver {
  readonly url: string;
  readonly deliveries: ReceivedDelivery[];
  /** Resolves at the next request the receiver gets. */
  nextRequest(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A stand-in for the app's webhook route: verifies Standard Webhooks signatures with the
 * reference library, answers 400 to a bad signature and otherwise what `answer` says (204 by
 * default), or never answers when `answer` returns "hang".
 */
export async function startWebhookReceiver(options: {
  secret: () => string;
  answer?: (delivery: Omit<ReceivedDelivery, "status">) => number | "hang";
}): Promise<WebhookReceiver> {
  const deliveries: ReceivedDelivery[] = [];
  const seen = new Map<string, number>();
  let waiting: (() => void)[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const header = (name: string) => {
        const value = req.headers[name];
        return typeof value === "string" ? value : "";
      };
      const id = header("webhook-id");
      const nth = (seen.get(id) ?? 0) + 1;
      seen.set(id, nth);
      let verified = true;
      try {
        new Webhook(options.secret()).verify(body, {
          "webhook-id": id,
          "webhook-timestamp": header("webhook-timestamp"),
          "webhook-signature": header("webhook-signature"),
        });
      } catch {
        verified = false;
      }
      const delivery = { id, timestamp: header("webhook-timestamp"), body, verified, nth };
      const answer = verified ? (options.answer?.(delivery) ?? 204) : 400;
      const wake = waiting;
      waiting = [];
      for (const resolve of wake) resolve();
      if (answer === "hang") return;
      deliveries.push({ ...delivery, status: answer });
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/api/webhooks/generic`,
    deliveries,
    nextRequest: () => new Promise((resolve) => waiting.push(resolve)),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback URL where nothing listens: every delivery attempt is refused. */
export async function refusedUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/api/webhooks/generic`;
}
