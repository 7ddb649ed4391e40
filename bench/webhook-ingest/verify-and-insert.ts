// The work both baselines do per delivery, in one module so that "the same verify-and-insert" is
// literally the same code: the Standard Webhooks check the generic module makes (the same package,
// the same call), reading the event type out of the signed JSON, and one INSERT … ON CONFLICT DO
// NOTHING into the console's own inbox table, so that the table, its indexes and the row are
// those the console writes. What the console adds on top (proxy, zod envelope, Prisma's
// interactive transaction, the job enqueue) is exactly what the benchmark is meant to show.
import pg from "pg";
import { Webhook, WebhookVerificationError } from "standardwebhooks";

export interface IngestSettings {
  databaseUrl: string;
  secret: string;
  provider: string;
  /** The console's pool holds ten connections on a PostgreSQL server (lib/db/pool.ts). */
  poolSize?: number;
}

export interface IngestResult {
  status: number;
  body: { received: boolean; accepted?: number; duplicates?: number; error?: string };
}

const INSERT = `
  INSERT INTO "WebhookDelivery" ("id", "provider", "eventId", "eventType", "status", "body", "occurredAt", "updatedAt")
  VALUES (gen_random_uuid(), $1, $2, $3, 'RECEIVED', $4, $5, now())
  ON CONFLICT ("provider", "eventId") DO NOTHING
  RETURNING "id"`;

export function createIngest(settings: IngestSettings) {
  const webhook = new Webhook(settings.secret);
  const pool = new pg.Pool({
    connectionString: settings.databaseUrl,
    max: settings.poolSize ?? 10,
    idleTimeoutMillis: 30_000,
  });

  async function ingest(
    rawBody: Buffer,
    header: (name: string) => string | null | undefined,
  ): Promise<IngestResult> {
    const headers = {
      "webhook-id": header("webhook-id") ?? "",
      "webhook-timestamp": header("webhook-timestamp") ?? "",
      "webhook-signature": header("webhook-signature") ?? "",
    };
    let type: string;
    let occurredAt: Date | null;
    const body = rawBody.toString("utf8");
    try {
      webhook.verify(rawBody, headers, { jsonParse: false });
      const event = JSON.parse(body) as { type?: unknown; timestamp?: unknown };
      if (typeof event.type !== "string") throw new WebhookVerificationError("no event type");
      type = event.type;
      occurredAt = typeof event.timestamp === "string" ? new Date(event.timestamp) : null;
    } catch (error) {
      const reason = error instanceof Error ? error.message : "unreadable";
      return { status: 400, body: { received: false, error: reason } };
    }
    try {
      const stored = await pool.query(INSERT, [
        settings.provider,
        headers["webhook-id"],
        type,
        body,
        occurredAt,
      ]);
      const accepted = stored.rowCount ?? 0;
      return { status: 200, body: { received: true, accepted, duplicates: 1 - accepted } };
    } catch {
      // As the console answers a storage failure: 503, so the provider delivers again.
      return { status: 503, body: { received: false, error: "could not store" } };
    }
  }

  return { ingest, close: () => pool.end() };
}

/** Reads the settings the benchmark passes to a baseline server through its environment. */
export function ingestSettingsFromEnv(env: NodeJS.ProcessEnv): IngestSettings {
  const read = (name: string) => {
    const value = env[name];
    if (!value)
      throw new Error(`${name} is not set; the baselines are started by bench/webhook-ingest.ts`);
    return value;
  };
  return {
    databaseUrl: read("BENCH_DATABASE_URL"),
    secret: read("BENCH_WEBHOOK_SECRET"),
    provider: read("BENCH_PROVIDER"),
  };
}
