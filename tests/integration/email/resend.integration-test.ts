import "./support/sendgrid-env";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { forceCircuit, resetCircuit } from "@/lib/integrations/circuit-admin";
import { SENDGRID } from "@/lib/integrations/providers/sendgrid/names";
import { resendEmail } from "@/lib/email/resend";
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

describe("resending an email", () => {
  let harness: EmailHarness;
  beforeAll(async () => {
    harness = await startEmailHarness({ simulator: { lifecycle: { pace: 0 } } });
  });
  beforeEach(async () => {
    await resetSendgridState();
  });
  afterAll(async () => {
    await harness.close();
  });

  const copiesOf = (to: string) =>
    harness.sim.ledger.messages.all().filter((row) => row.email === to).length;
  const message = (id: string) => getDb().emailMessage.findUniqueOrThrow({ where: { id } });

  async function sentEmail(local = randomId("resend-")) {
    const { actor } = await createTestUser("ADMIN");
    const to = `${local}@example.com`;
    const { messageId } = await sendEmail({
      actor,
      input: { to, templateId: bulkTemplate.id, data: { n: 1 } },
    });
    await eventually(
      () => message(messageId),
      (row) => row.status !== "QUEUED",
    );
    return { to, messageId };
  }

  it("sends exactly once per click: a double click and a retried request send nothing more", async () => {
    const { to, messageId } = await sentEmail();
    const { actor } = await createTestUser("SUPPORT");
    const idempotencyKey = randomUUID();
    const click = () => resendEmail({ actor, messageId, input: { idempotencyKey } });
    const [first, second] = await Promise.all([click(), click()]);
    expect(first.messageId).toBe(second.messageId);
    expect([first.replayed, second.replayed].sort()).toEqual([false, true]);
    const resent = await eventually(
      () => message(first.messageId),
      (row) => row.status !== "QUEUED",
    );
    expect(resent).toMatchObject({ resendOfId: messageId, recipient: to, templateData: { n: 1 } });

    expect(await click()).toEqual({ messageId: first.messageId, replayed: true });
    await eventually(
      async () => copiesOf(to),
      (count) => count >= 2,
    );
    expect(copiesOf(to)).toBe(2);
    expect(await getDb().emailMessage.count({ where: { resendOfId: messageId } })).toBe(1);
    const audit = await getDb().auditLog.findMany({
      where: { action: "email.resend", targetId: messageId },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorEmail: actor.email, outcome: "SUCCESS" });

    // Another click is another resend.
    const again = await resendEmail({ actor, messageId, input: { idempotencyKey: randomUUID() } });
    expect(again.messageId).not.toBe(first.messageId);
  });

  it("needs explicit confirmation for a suppressed address", async () => {
    const { to, messageId } = await sentEmail(randomId("bounce-"));
    await eventually(
      () => message(messageId),
      (row) => row.status === "BOUNCED",
    );
    expect(
      await getDb().emailSuppression.findMany({ where: { emailKey: to, active: true } }),
    ).toHaveLength(1);
    const { actor } = await createTestUser("SUPPORT");
    const refused = await resendEmail({
      actor,
      messageId,
      input: { idempotencyKey: randomUUID() },
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "CONFLICT" });
    expect(refused instanceof AppError ? refused.userMessage : "").toContain("bounced");
    expect(await getDb().emailMessage.count({ where: { resendOfId: messageId } })).toBe(0);

    const confirmed = await resendEmail({
      actor,
      messageId,
      input: { idempotencyKey: randomUUID(), confirmSuppressed: true },
    });
    expect(confirmed.replayed).toBe(false);
    // SendGrid drops it: the address is on its suppression list too.
    await eventually(
      () => message(confirmed.messageId),
      (row) => row.status === "DROPPED",
    );
  });

  it("says why it is unavailable while SendGrid's circuit is open, and when the next trial is", async () => {
    const { messageId } = await sentEmail();
    const { actor: admin } = await createTestUser("ADMIN");
    const { actor } = await createTestUser("SUPPORT");
    await forceCircuit({
      provider: SENDGRID,
      state: "OPEN",
      reason: "SendGrid status page: incident",
      actor: admin,
    });
    try {
      const error = await resendEmail({
        actor,
        messageId,
        input: { idempotencyKey: randomUUID() },
      }).catch((thrown: unknown) => thrown);
      expect(error).toMatchObject({ code: "PROVIDER_UNAVAILABLE", status: 503 });
      expect(error instanceof AppError ? error.userMessage : "").toContain(
        "SendGrid status page: incident",
      );
    } finally {
      await resetCircuit({ provider: SENDGRID, reason: "test over", actor: admin });
    }
    expect(await getDb().emailMessage.count({ where: { resendOfId: messageId } })).toBe(0);
  });

  it("refuses a viewer, an unknown message and a missing key without writing anything", async () => {
    const { messageId } = await sentEmail();
    const { actor: viewer } = await createTestUser("VIEWER");
    const { actor } = await createTestUser("SUPPORT");
    const outcomes = await Promise.all([
      resendEmail({ actor: viewer, messageId, input: { idempotencyKey: randomUUID() } }).catch(
        (e: unknown) => e,
      ),
      resendEmail({
        actor,
        messageId: randomUUID(),
        input: { idempotencyKey: randomUUID() },
      }).catch((e: unknown) => e),
      resendEmail({ actor, messageId, input: {} }).catch((e: unknown) => e),
    ]);
    expect(
      outcomes.map((outcome) => (outcome instanceof AppError ? outcome.status : outcome)),
    ).toEqual([403, 404, 422]);
    expect(await getDb().emailMessage.count({ where: { resendOfId: messageId } })).toBe(0);
  });
});
