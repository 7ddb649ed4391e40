import "./support/sendgrid-env";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { createTestUser } from "../../support/users";
import { recipientCsv, requestStates, startBulk } from "./support/bulk";
import {
  eventually,
  resetSendgridState,
  startEmailHarness,
  type EmailHarness,
} from "./support/email-harness";

const mailSends = (harness: EmailHarness) =>
  harness.sim.received.filter(
    (request) => request.method === "POST" && request.path === "/v3/mail/send",
  );

describe("bulk sends through the SendGrid simulator", () => {
  let harness: EmailHarness;
  beforeAll(async () => {
    harness = await startEmailHarness({
      deliverEvents: false,
      simulator: { lifecycle: { auto: false } },
    });
  });
  beforeEach(async () => {
    harness.sim.reset();
    harness.sim.clearReceived();
    await resetSendgridState();
  });
  afterAll(async () => {
    await harness.close();
  });

  it("sends 10,000 recipients in 10 requests, each recipient exactly once, with progress and per-recipient results", async () => {
    const { actor } = await createTestUser("ADMIN");
    const { csv, emails } = recipientCsv(10_000);
    const bulk = await startBulk(actor, csv);
    expect(bulk).toMatchObject({ recipients: 10_000, requests: 10, replayed: false });
    // Logged before sent: every recipient is a message already.
    expect(await getDb().emailMessage.count({ where: { bulkSendId: bulk.id } })).toBe(10_000);

    const states = await eventually(
      () => requestStates(bulk.id),
      (counts) => counts.ACCEPTED === 10,
      120_000,
    );
    expect(states).toEqual({ ACCEPTED: 10 });
    expect(mailSends(harness)).toHaveLength(10);
    const received = harness.sim.ledger.deliveriesByRecipient();
    expect(received.size).toBe(10_000);
    expect([...received.values()].every((count) => count === 1)).toBe(true);
    expect(emails.every((email) => received.get(email) === 1)).toBe(true);
    const sent = await getDb().emailMessage.groupBy({
      by: ["status"],
      where: { bulkSendId: bulk.id },
      _count: { _all: true },
    });
    expect(sent).toEqual([{ status: "SENT", _count: { _all: 10_000 } }]);
    // Each message knows SendGrid's id for its request: the X-Message-Id its events will start with.
    const xMessageIds = new Set(harness.sim.ledger.sends.all().map((send) => send.id));
    const ids = await getDb().emailMessage.findMany({
      where: { bulkSendId: bulk.id },
      distinct: ["providerMessageId"],
      select: { providerMessageId: true },
    });
    expect(new Set(ids.map((row) => row.providerMessageId))).toEqual(xMessageIds);
    const first = harness.sim.ledger.messages.all().find((message) => message.email === emails[0]);
    expect(first?.dynamicTemplateData).toEqual({ first_name: "Person 0" });
  }, 180_000);

  it("makes 1,001 recipients two requests of 1,000 and 1", async () => {
    const { actor } = await createTestUser("ADMIN");
    const bulk = await startBulk(actor, recipientCsv(1_001).csv);
    expect(bulk).toMatchObject({ recipients: 1_001, requests: 2 });
    await eventually(
      () => requestStates(bulk.id),
      (counts) => counts.ACCEPTED === 2,
    );
    expect(
      harness.sim.ledger.sends
        .all()
        .map((send) => send.personalizations)
        .sort((a, b) => a - b),
    ).toEqual([1, 1_000]);
  });

  it("sends nothing while X-RateLimit-Remaining is 0, until the reset", async () => {
    await harness.close();
    harness = await startEmailHarness({
      deliverEvents: false,
      simulator: { lifecycle: { auto: false }, rateLimitPerMinute: 3, rateLimitWindowMs: 6_000 },
    });
    const { actor } = await createTestUser("ADMIN");
    const bulk = await startBulk(actor, recipientCsv(7_000).csv);
    await eventually(
      () => requestStates(bulk.id),
      (counts) => counts.ACCEPTED === 7,
      120_000,
    );

    const sends = harness.sim.ledger.sends.all();
    expect(sends).toHaveLength(7);
    // No request was refused: each one that left the window empty was followed only after its reset.
    expect(mailSends(harness)).toHaveLength(7);
    for (let index = 1; index < sends.length; index += 1) {
      const previous = sends[index - 1];
      const current = sends[index];
      if (!previous || !current) continue;
      if (previous.rateLimitRemaining === 0) {
        expect(current.at).toBeGreaterThanOrEqual(previous.rateLimitReset * 1000);
      }
    }
    expect(sends.some((send) => send.rateLimitRemaining === 0)).toBe(true);
  }, 120_000);
});
