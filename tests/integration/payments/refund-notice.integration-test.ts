import { sim } from "./support/stripe-env";
import "../email/support/sendgrid-env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { addressKey } from "@/lib/email/addresses";
import { forgetTemplates } from "@/lib/integrations/providers/sendgrid/mail/templates";
import { signatureHeader } from "@/lib/integrations/providers/stripe/webhooks/signature";
import { findProvider } from "@/lib/integrations/runtime";
import { decideRefund, requestRefund, submitRefund } from "@/lib/payments/refunds";
import { refundNoticeKey } from "@/lib/payments/refund-notice";
import { SIMULATED_REFUND_NOTICE_TEMPLATE_ID } from "@/lib/payments/refund-notice-template";
import { receiveWebhook } from "@/lib/webhooks/ingest";
import { processDelivery } from "@/lib/webhooks/process";
import type { StripeEvent } from "@/simulators/stripe";
import { randomId } from "../../support/factories";
import { createTestUser } from "../../support/users";
import {
  eventually,
  resetSendgridState,
  startEmailHarness,
  type EmailHarness,
} from "../email/support/email-harness";
import { makePayment, refundInput } from "./support/stripe-harness";

/** Signed as Stripe signs it, received by the inbox and processed, as the webhook route does. */
async function deliverStripeEvent(event: StripeEvent) {
  const provider = findProvider("stripe");
  if (!provider) throw new Error("the Stripe module is not registered");
  const body = JSON.stringify(event, null, 2);
  const at = Math.floor(Date.now() / 1000);
  const headers = new Headers({
    "content-type": "application/json",
    "stripe-signature": signatureHeader([sim.webhooks.signer.secret], at, body),
  });
  await receiveWebhook({ provider, rawBody: Buffer.from(body), headers, sourceIp: null });
  const row = await getDb().webhookDelivery.findFirstOrThrow({
    where: { provider: "stripe", eventId: event.id },
  });
  await processDelivery({ deliveryId: row.id, lookup: findProvider });
}

function refundEventsOf(chargeId: string): StripeEvent[] {
  return sim.ledger.events
    .all()
    .filter(
      (event) =>
        event.type.startsWith("refund.") && JSON.stringify(event.data.object).includes(chargeId),
    );
}

describe("refund with a confirmation email", () => {
  let harness: EmailHarness;
  let support: Actor;

  const sentTo = (to: string) =>
    harness.sim.ledger.messages.all().filter((message) => message.email === to);
  const notifyInput = (amount: number, overrides: Record<string, unknown> = {}) =>
    refundInput(amount, { notifyCustomer: true, ...overrides });

  beforeAll(async () => {
    harness = await startEmailHarness({ simulator: { lifecycle: { pace: 0 } } });
    support = (await createTestUser("SUPPORT")).actor;
  });
  afterAll(async () => {
    await sim.close();
    await harness.close();
  });

  it("queues one email once Stripe confirms, and SendGrid sends it once", async () => {
    const to = `${randomId("refunded-")}@example.com`;
    const { chargeId } = await makePayment(support, { email: to, amount: 2_500, currency: "jpy" });
    const outcome = await requestRefund({ actor: support, chargeId, input: notifyInput(1_050) });
    expect(outcome.refund.status).toBe("SUCCEEDED");
    expect(outcome.refund.notice?.state).toBe("QUEUED");
    expect(outcome.message).toMatch(/confirmation email is queued/);

    const refund = await getDb().refund.findUniqueOrThrow({ where: { id: outcome.refund.id } });
    expect(refund.noticeTemplateId).toBe(SIMULATED_REFUND_NOTICE_TEMPLATE_ID);
    expect(refund.noticeTemplateName).toBe("Refund confirmation");
    const messages = await getDb().emailMessage.findMany({ where: { recipient: to } });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      id: refund.noticeMessageId,
      templateId: SIMULATED_REFUND_NOTICE_TEMPLATE_ID,
      templateName: "Refund confirmation",
    });

    const sent = await eventually(
      async () => sentTo(to),
      (rows) => rows.length > 0,
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]?.templateId).toBe(SIMULATED_REFUND_NOTICE_TEMPLATE_ID);
    // Zero-decimal: ¥1,050 is 1050 minor units, not ¥10.50.
    expect(sent[0]?.dynamicTemplateData).toMatchObject({
      amount: "¥1,050",
      currency: "JPY",
      charge_id: chargeId,
      refund_id: refund.providerRefundId,
    });
    const queued = await getDb().auditLog.findFirst({
      where: { action: "payment.refund.notice_queued", targetId: chargeId },
    });
    expect(queued?.details).toMatchObject({ refundId: refund.id, messageId: messages[0]?.id });
  });

  it("10 concurrent submissions of one action: one refund, one send request, one email", async () => {
    const to = `${randomId("concurrent-")}@example.com`;
    const { chargeId } = await makePayment(support, { email: to, amount: 10_000 });
    const input = notifyInput(4_000);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => requestRefund({ actor: support, chargeId, input })),
    );
    expect(new Set(results.map((result) => result.refund.id)).size).toBe(1);
    const refundId = results[0]?.refund.id ?? "";
    expect(await getDb().refund.count({ where: { chargeId } })).toBe(1);
    expect(sim.ledger.refunds.all().filter((refund) => refund.charge === chargeId)).toHaveLength(1);
    expect(
      await getDb().emailSendRequest.count({
        where: { idempotencyKey: refundNoticeKey(refundId) },
      }),
    ).toBe(1);
    expect(await getDb().emailMessage.count({ where: { recipient: to } })).toBe(1);
    // The same action once more, later: nothing new.
    await requestRefund({ actor: support, chargeId, input });
    expect(await getDb().emailMessage.count({ where: { recipient: to } })).toBe(1);
    await eventually(
      async () => sentTo(to),
      (rows) => rows.length > 0,
    );
    // Give a stray second send time to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(sentTo(to)).toHaveLength(1);
  });

  it("the webhook and the API answer both bringing SUCCEEDED, even at once, send one email", async () => {
    const to = `${randomId("raced-")}@example.com`;
    const { chargeId } = await makePayment(support, { email: to, amount: 10_000 });
    // Stripe makes the refund but every answer is lost: the refund stays SUBMITTING, notice REQUESTED.
    sim.faults.script(
      Array.from({ length: 50 }, () => ({ action: "drop-after-commit" as const })),
      { method: "POST", path: "/v1/refunds" },
    );
    const first = await requestRefund({ actor: support, chargeId, input: notifyInput(3_000) });
    sim.faults.reset();
    expect(first.refund.status).toBe("SUBMITTING");
    expect(first.refund.notice?.state).toBe("REQUESTED");
    expect(first.message).toMatch(/will be sent when Stripe confirms/);
    const events = refundEventsOf(chargeId);
    expect(events.length).toBeGreaterThan(0);

    // The retry's answer and the webhook arrive together.
    await getDb().refund.update({
      where: { id: first.refund.id },
      data: { submitLeaseUntil: null },
    });
    await Promise.all([
      submitRefund({ refundId: first.refund.id, actor: null }),
      (async () => {
        for (const event of events) await deliverStripeEvent(event);
      })(),
    ]);
    // And the webhook once more, as Stripe redelivers (a new event id for the same refund).
    for (const event of events) await deliverStripeEvent({ ...event, id: `evt_${randomId()}` });

    const refund = await getDb().refund.findUniqueOrThrow({ where: { id: first.refund.id } });
    expect(refund.status).toBe("SUCCEEDED");
    expect(refund.noticeState).toBe("QUEUED");
    expect(await getDb().emailMessage.count({ where: { recipient: to } })).toBe(1);
    expect(
      await getDb().auditLog.count({
        where: { action: "payment.refund.notice_queued", targetId: chargeId },
      }),
    ).toBe(1);
    await eventually(
      async () => sentTo(to),
      (rows) => rows.length > 0,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(sentTo(to)).toHaveLength(1);
  });

  it("refunds a suppressed customer but skips the email, saying why", async () => {
    const to = `${randomId("Suppressed-")}@Example.com`;
    await getDb().emailSuppression.create({
      data: { emailKey: addressKey(to), reason: "BOUNCE", changedAt: new Date() },
    });
    const { chargeId } = await makePayment(support, { email: to, amount: 5_000 });
    const outcome = await requestRefund({ actor: support, chargeId, input: notifyInput(5_000) });
    expect(outcome.refund.status).toBe("SUCCEEDED");
    const refund = await getDb().refund.findUniqueOrThrow({ where: { id: outcome.refund.id } });
    expect(refund.noticeState).toBe("SKIPPED");
    expect(refund.noticeSkipReason).toMatch(/suppressed/);
    expect(refund.noticeSkipReason).toMatch(/Bounced/);
    expect(outcome.message).toMatch(/Confirmation email skipped: Not sent: .* is suppressed/);
    expect(await getDb().emailMessage.count({ where: { recipientKey: addressKey(to) } })).toBe(0);
    const skipped = await getDb().auditLog.findFirst({
      where: { action: "payment.refund.notice_skipped", targetId: chargeId },
    });
    expect(skipped?.details).toMatchObject({ refundId: refund.id });
  });

  it("a refund that does not go through (rejected by an admin, refused by Stripe) skips its email", async () => {
    const { actor: admin } = await createTestUser("ADMIN");
    const held = await makePayment(support, { amount: 90_000 });
    const requested = await requestRefund({
      actor: support,
      chargeId: held.chargeId,
      input: notifyInput(60_000),
    });
    expect(requested.refund.status).toBe("PENDING_APPROVAL");
    expect(requested.refund.notice?.state).toBe("REQUESTED");
    const rejected = await decideRefund({
      actor: admin,
      refundId: requested.refund.id,
      input: { decision: "reject" },
    });
    expect(rejected.refund.status).toBe("REJECTED");
    expect(rejected.refund.notice).toMatchObject({
      state: "SKIPPED",
      skipReason: "The refund did not go through.",
    });

    const refused = await makePayment(support, { amount: 5_000 });
    sim.faults.script(
      [
        {
          status: 400,
          body: {
            error: {
              type: "invalid_request_error",
              code: "charge_already_refunded",
              message: "Charge has already been refunded.",
            },
          },
        },
      ],
      { method: "POST", path: "/v1/refunds" },
    );
    const failed = await requestRefund({
      actor: support,
      chargeId: refused.chargeId,
      input: notifyInput(1_000),
    });
    sim.faults.reset();
    expect(failed.refund.status).toBe("FAILED");
    expect(failed.refund.notice?.state).toBe("SKIPPED");
    expect(
      await getDb().emailMessage.count({
        where: { templateData: { path: ["charge_id"], equals: refused.chargeId } },
      }),
    ).toBe(0);
  });

  it("without a notice asked for, a refund queues no email", async () => {
    const to = `${randomId("quiet-")}@example.com`;
    const { chargeId } = await makePayment(support, { email: to, amount: 5_000 });
    const outcome = await requestRefund({ actor: support, chargeId, input: refundInput(1_000) });
    expect(outcome.refund.status).toBe("SUCCEEDED");
    expect(outcome.refund.notice).toBeNull();
    expect(await getDb().emailMessage.count({ where: { recipient: to } })).toBe(0);
  });

  it("while SendGrid's templates do not answer: a 503 that suggests refunding without the email, and nothing recorded", async () => {
    const { chargeId } = await makePayment(support, { amount: 5_000 });
    forgetTemplates();
    harness.sim.faults.script([{ status: 503 }], {
      method: "GET",
      path: "/v3/templates",
      repeatLast: true,
    });
    const input = notifyInput(1_000);
    let refused: unknown;
    try {
      await requestRefund({ actor: support, chargeId, input });
    } catch (error) {
      refused = error;
    }
    harness.sim.faults.reset();
    if (!isAppError(refused)) throw new Error(`expected an AppError, got ${String(refused)}`);
    expect(refused.status).toBe(503);
    expect(refused.userMessage).toMatch(/without the confirmation email/);
    expect(await getDb().refund.count({ where: { chargeId } })).toBe(0);
    // The same action without the email goes through.
    const outcome = await requestRefund({
      actor: support,
      chargeId,
      input: { ...input, notifyCustomer: false },
    });
    expect(outcome.refund.status).toBe("SUCCEEDED");
    await resetSendgridState();
  });
});
