import "./support/fast-breaker-env";
import "./support/sendgrid-env";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { resendEmail } from "@/lib/email/resend";
import { sendEmail } from "@/lib/email/send-email";
import { SENDGRID } from "@/lib/integrations/providers/sendgrid/names";
import { randomId } from "../../support/factories";
import { createTestUser } from "../../support/users";
import { bulkTemplate } from "./support/bulk";
import { eventually, startEmailHarness, type EmailHarness } from "./support/email-harness";

describe("a SendGrid outage", () => {
  let harness: EmailHarness;
  beforeAll(async () => {
    harness = await startEmailHarness({
      deliverEvents: false,
      simulator: { lifecycle: { auto: false } },
    });
  });
  afterAll(async () => {
    await harness.close();
  });

  it("keeps failed messages queued with the reason, and sends them once the circuit closes", async () => {
    const { actor } = await createTestUser("ADMIN");
    // SendGrid fails twice; the breaker opens; its trial call later succeeds.
    harness.sim.faults.script(
      [
        { status: 503, body: { errors: [{ message: "Service Unavailable", field: null }] } },
        { status: 503, body: { errors: [{ message: "Service Unavailable", field: null }] } },
      ],
      { method: "POST", path: "/v3/mail/send" },
    );
    const recipients = Array.from({ length: 3 }, () => `${randomId("outage-")}@example.com`);
    const ids: string[] = [];
    for (const to of recipients) {
      const { messageId } = await sendEmail({ actor, input: { to, templateId: bulkTemplate.id } });
      ids.push(messageId);
    }
    const circuit = await eventually(
      () => getDb().integrationCircuit.findUnique({ where: { provider: SENDGRID } }),
      (row) => row?.state === "OPEN",
    );
    expect(circuit?.openUntil).toBeTruthy();
    // The breaker opens during the failing call; the job records the reason just after it returns.
    const waiting = await eventually(
      () => getDb().emailMessage.findMany({ where: { id: { in: ids } } }),
      (rows) => rows.some((message) => message.lastError?.includes("retried automatically")),
    );
    expect(waiting.every((message) => message.status === "QUEUED")).toBe(true);
    expect(waiting.some((message) => message.lastError?.includes("retried automatically"))).toBe(
      true,
    );

    // Meanwhile a resend says why it cannot go, and when the next trial is.
    const { actor: support } = await createTestUser("SUPPORT");
    const refused = await resendEmail({
      actor: support,
      messageId: ids[0] ?? "",
      input: { idempotencyKey: randomUUID() },
    }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: "PROVIDER_UNAVAILABLE" });
    expect(refused instanceof AppError ? refused.userMessage : "").toMatch(
      /circuit breaker is open.*next trial call is at/,
    );

    const sent = await eventually(
      () => getDb().emailMessage.findMany({ where: { id: { in: ids } } }),
      (rows) => rows.every((row) => row.status === "SENT"),
      60_000,
    );
    expect(sent.map((row) => row.lastError)).toEqual([null, null, null]);
    expect(
      (await getDb().integrationCircuit.findUnique({ where: { provider: SENDGRID } }))?.state,
    ).toBe("CLOSED");
    const delivered = harness.sim.ledger.deliveriesByRecipient();
    expect(recipients.map((to) => delivered.get(to))).toEqual([1, 1, 1]);
  }, 90_000);
});
