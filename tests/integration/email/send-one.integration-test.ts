import "./support/sendgrid-env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { sendEmail } from "@/lib/email/send-email";
import { DEMO_TEMPLATES } from "@/simulators/sendgrid";
import { randomId } from "../../support/factories";
import { createTestUser } from "../../support/users";
import { eventually, startEmailHarness, type EmailHarness } from "./support/email-harness";

const template = DEMO_TEMPLATES[0];

describe("sending one email through the SendGrid simulator", () => {
  let harness: EmailHarness;
  beforeAll(async () => {
    harness = await startEmailHarness({ simulator: { lifecycle: { pace: 0 } } });
  });
  afterAll(async () => {
    await harness.close();
  });

  it("logs the message first, sends it with its template data, and follows SendGrid's events", async () => {
    const { actor } = await createTestUser("ADMIN");
    const to = `${randomId("open-")}@example.com`;
    const { messageId } = await sendEmail({
      actor,
      input: { to, templateId: template?.id, data: { receipt_number: "R-1001", total: 42.5 } },
    });
    const logged = await getDb().emailMessage.findUniqueOrThrow({ where: { id: messageId } });
    expect(logged).toMatchObject({ recipient: to, templateId: template?.id });

    const message = await eventually(
      () => getDb().emailMessage.findUniqueOrThrow({ where: { id: messageId } }),
      (row) => row.status === "OPENED",
    );
    expect(message.providerMessageId).toMatch(/^[\w-]{22}$/);
    expect(message.attempts).toBe(1);
    expect(message.openCount).toBeGreaterThan(0);
    const [received] = harness.sim.ledger.messages.all().filter((row) => row.email === to);
    expect(received?.dynamicTemplateData).toEqual({ receipt_number: "R-1001", total: 42.5 });
    expect(received?.xMessageId).toBe(message.providerMessageId);
  });
});
