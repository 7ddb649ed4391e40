import "./support/sendgrid-env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { SENDGRID } from "@/lib/integrations/providers/sendgrid/names";
import { findProvider } from "@/lib/integrations/runtime";
import { getJobQueue, stopJobQueue } from "@/lib/jobs/queue";
import { receiveWebhook } from "@/lib/webhooks/ingest";
import { generateSendgridSigningKey, signSendgridPayload } from "@/simulators/sendgrid";
import { randomEmail, randomId } from "../../support/factories";
import { signingKey } from "./support/sendgrid-env";

function batch(size: number) {
  return Array.from({ length: size }, () => ({
    email: randomEmail(),
    timestamp: Math.floor(Date.now() / 1000),
    event: "delivered",
    sg_event_id: randomId("ev-"),
    sg_message_id: `${randomId()}.filterdrecv-1.0`,
    response: "250 OK",
  }));
}

const now = () => String(Math.floor(Date.now() / 1000));

async function deliver(body: string | Buffer, headers: Record<string, string>) {
  const provider = findProvider(SENDGRID);
  if (!provider) throw new Error("no SendGrid module");
  return receiveWebhook({
    provider,
    rawBody: Buffer.from(body),
    headers: new Headers({ "content-type": "application/json", ...headers }),
    sourceIp: "192.0.2.10",
  }).catch((error: unknown) => error);
}

describe("SendGrid's signed event webhook, through the inbox", () => {
  // Started as the server starts it, before any delivery: the inbox enqueues inside its transaction.
  beforeAll(async () => {
    await getJobQueue();
  });
  afterAll(async () => {
    await stopJobQueue(5_000);
  });

  it("stores a valid batch as one delivery per event", async () => {
    const events = batch(7);
    const body = JSON.stringify(events);
    const result = await deliver(body, signSendgridPayload(signingKey, body, now()));
    expect(result).toEqual({ accepted: 7, duplicates: 0 });
    const stored = await getDb().webhookDelivery.findMany({
      where: { provider: SENDGRID, eventId: { in: events.map((event) => event.sg_event_id) } },
    });
    expect(stored).toHaveLength(7);
    expect(await deliver(body, signSendgridPayload(signingKey, body, now()))).toEqual({
      accepted: 0,
      duplicates: 7,
    });
  });

  it("rejects the wrong key, a re-serialised body, a truncated signature, a stale timestamp and a missing header, storing only the rejection", async () => {
    const events = batch(3);
    const body = JSON.stringify(events);
    const good = signSendgridPayload(signingKey, body, now());
    const signatureName = "x-twilio-email-event-webhook-signature";
    const cases: [string, string | Buffer, Record<string, string>, string][] = [
      [
        "wrong key",
        body,
        signSendgridPayload(generateSendgridSigningKey(), body, now()),
        "no signature matches",
      ],
      ["re-serialised body", JSON.stringify(events, null, 1), good, "no signature matches"],
      [
        "truncated signature",
        body,
        { ...good, [signatureName]: (good[signatureName] ?? "").slice(0, -12) },
        "no signature matches",
      ],
      [
        "stale timestamp",
        body,
        signSendgridPayload(signingKey, body, String(Math.floor(Date.now() / 1000) - 301)),
        "timestamp more than 5 minutes in the past",
      ],
      ["missing header", body, { [signatureName]: good[signatureName] ?? "" }, "missing X-Twilio"],
      [
        "not an array",
        '{"event":"delivered"}',
        signSendgridPayload(signingKey, '{"event":"delivered"}', now()),
        "not a JSON array",
      ],
    ];
    const before = await getDb().webhookDelivery.count({
      where: { provider: SENDGRID, status: "REJECTED" },
    });
    for (const [name, rawBody, headers, reason] of cases) {
      const error = await deliver(rawBody, headers);
      expect(error, name).toBeInstanceOf(AppError);
      expect(error, name).toMatchObject({ status: 400 });
      expect(error instanceof AppError ? error.userMessage : "", name).toContain(reason);
    }
    const rejected = await getDb().webhookDelivery.findMany({
      where: { provider: SENDGRID, status: "REJECTED" },
      orderBy: { receivedAt: "desc" },
      take: cases.length,
    });
    expect(rejected).toHaveLength(cases.length);
    expect(
      await getDb().webhookDelivery.count({ where: { provider: SENDGRID, status: "REJECTED" } }),
    ).toBe(before + cases.length);
    expect(rejected.every((row) => row.sourceIp === "192.0.2.10" && row.rejectReason)).toBe(true);
    // Nothing but the rejections: no event of the batch was stored or applied.
    expect(
      await getDb().webhookDelivery.count({
        where: { provider: SENDGRID, eventId: { in: events.map((event) => event.sg_event_id) } },
      }),
    ).toBe(0);
    expect(
      await getDb().emailEvent.count({
        where: { sgEventId: { in: events.map((event) => event.sg_event_id) } },
      }),
    ).toBe(0);
  });
});
