import "./support/sendgrid-env";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { createWebhookDeliveryRunner } from "./support/delivery-runner";
import { processSendRequest } from "@/lib/email/send/process-request";
import { sendEmail } from "@/lib/email/send-email";
import { randomId } from "../../support/factories";
import { createTestUser } from "../../support/users";
import { bulkTemplate } from "./support/bulk";
import {
  eventually,
  resetSendgridState,
  startEmailHarness,
  type EmailHarness,
} from "./support/email-harness";

/** Far enough ahead that any attempt is over and SendGrid's events had their time. */
const later = () => new Date(Date.now() + 2 * 3600_000);

describe("a send cut off before its answer was recorded", () => {
  let harness: EmailHarness;
  beforeAll(async () => {
    // The send jobs are run by hand here; only SendGrid's events are processed in the background.
    harness = await startEmailHarness({ runner: false, simulator: { lifecycle: { auto: false } } });
    await createWebhookDeliveryRunner();
  });
  beforeEach(async () => {
    harness.sim.reset();
    await resetSendgridState();
  });
  afterAll(async () => {
    await harness.close();
  });

  async function queuedEmail() {
    const { actor } = await createTestUser("ADMIN");
    const to = `${randomId("cut-")}@example.com`;
    const { messageId } = await sendEmail({ actor, input: { to, templateId: bulkTemplate.id } });
    const message = await getDb().emailMessage.findUniqueOrThrow({ where: { id: messageId } });
    return { to, message };
  }
  const request = (id: string) => getDb().emailSendRequest.findUniqueOrThrow({ where: { id } });
  const copiesOf = (to: string) =>
    harness.sim.ledger.messages.all().filter((row) => row.email === to).length;

  it("is settled as sent by SendGrid's events when its answer was lost, and not sent again", async () => {
    const { to, message } = await queuedEmail();
    // SendGrid takes the request, then the connection drops before the answer.
    harness.sim.faults.script([{ action: "drop-after-commit" }], {
      method: "POST",
      path: "/v3/mail/send",
    });
    await processSendRequest({ requestId: message.requestId });
    expect(await request(message.requestId)).toMatchObject({
      state: "SENDING",
      lastErrorCode: "UNCERTAIN",
    });
    expect(copiesOf(to)).toBe(1);

    // Too early: nothing happens while the events may still be on their way.
    await processSendRequest({ requestId: message.requestId });
    expect((await request(message.requestId)).state).toBe("SENDING");

    // The `processed` event arrives (with the console's id as a custom argument) …
    await eventually(
      () => getDb().emailEvent.count({ where: { messageId: message.id } }),
      (count) => count > 0,
    );
    // … and settles the request once its time has come.
    await processSendRequest({ requestId: message.requestId, now: later });
    expect(await request(message.requestId)).toMatchObject({ state: "ACCEPTED" });
    const settled = await getDb().emailMessage.findUniqueOrThrow({ where: { id: message.id } });
    expect(settled.status).toBe("PROCESSED");
    expect(settled.providerMessageId).toBe(harness.sim.ledger.sends.all()[0]?.id);
    expect(copiesOf(to)).toBe(1);
  });

  it("is sent again when no event came for it: the request never reached SendGrid", async () => {
    const { to, message } = await queuedEmail();
    harness.sim.faults.script([{ action: "reset" }], { method: "POST", path: "/v3/mail/send" });
    await processSendRequest({ requestId: message.requestId });
    expect((await request(message.requestId)).state).toBe("SENDING");
    expect(copiesOf(to)).toBe(0);

    await processSendRequest({ requestId: message.requestId, now: later });
    expect(await request(message.requestId)).toMatchObject({ state: "ACCEPTED", attempts: 2 });
    expect(copiesOf(to)).toBe(1);
  });

  it("is left alone while its attempt may still be running elsewhere", async () => {
    const { to, message } = await queuedEmail();
    await getDb().emailSendRequest.update({
      where: { id: message.requestId },
      data: { state: "SENDING", sendingSince: new Date(), attempts: 1 },
    });
    await processSendRequest({ requestId: message.requestId });
    expect((await request(message.requestId)).state).toBe("SENDING");
    expect(copiesOf(to)).toBe(0);
  });
});
