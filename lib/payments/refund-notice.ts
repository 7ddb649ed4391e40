import "server-only";
import { recordAudit } from "@/lib/audit/audit";
import type { Prisma } from "@/lib/db/client";
import { addressKey } from "@/lib/email/addresses";
import { createSendRequests } from "@/lib/email/send/create";
import { activeSuppressions } from "@/lib/email/suppressions";
import { formatMoney } from "./money";
import { decideNotice } from "./refund-notice-decision";

type Tx = Prisma.TransactionClient;

/** The send request's key: a second guard, beside the claim, against a second email. */
export function refundNoticeKey(refundId: string): string {
  return `refund-notice:${refundId}`;
}

/**
 * Queues or skips the customer's confirmation of a refund whose notice was asked for, inside the
 * caller's transaction (the one that recorded the refund's new status). Called on every status
 * change: the API's answer and the webhook may both bring SUCCEEDED, and the conditional claim
 * lets exactly one of them queue the email.
 */
export async function queueRefundNotice(tx: Tx, refundId: string): Promise<void> {
  const refund = await tx.refund.findUnique({ where: { id: refundId } });
  if (!refund || refund.noticeState !== "REQUESTED") return;
  const payment = await tx.transaction.findUnique({ where: { chargeId: refund.chargeId } });
  const email = payment?.customerEmail ?? null;
  const suppressions =
    refund.status === "SUCCEEDED" && email ? await activeSuppressions(addressKey(email), tx) : [];
  const decision = decideNotice({
    refundStatus: refund.status,
    noticeState: refund.noticeState,
    templateId: refund.noticeTemplateId,
    email,
    suppressions: suppressions.map((suppression) => suppression.label),
  });
  if (decision.action === "wait") return;
  const templateId = refund.noticeTemplateId ?? "";

  const claimed = await tx.refund.updateMany({
    where: { id: refund.id, noticeState: "REQUESTED" },
    data:
      decision.action === "queue"
        ? { noticeState: "QUEUED" }
        : { noticeState: "SKIPPED", noticeSkipReason: decision.reason },
  });
  if (claimed.count !== 1) return;
  const audit = (action: string, details: Record<string, unknown>) =>
    recordAudit({
      db: tx,
      action,
      outcome: "SUCCESS",
      actor: null,
      // Done for the refund, whichever request or event confirmed it.
      ip: null,
      target: { type: "payment", id: refund.chargeId },
      details: { refundId: refund.id, ...details },
    });
  if (decision.action === "skip") {
    await audit("payment.refund.notice_skipped", { reason: decision.reason });
    return;
  }

  const idempotencyKey = refundNoticeKey(refund.id);
  // A request under this key means the claim above was bypassed once; link it instead of failing
  // the transaction (and with it the refund's status) on the unique key.
  const earlier = await tx.emailSendRequest.findUnique({ where: { idempotencyKey } });
  const messageId = earlier
    ? (await tx.emailMessage.findFirst({ where: { requestId: earlier.id }, select: { id: true } }))
        ?.id
    : (
        await createSendRequests(tx, [
          {
            templateId,
            templateName: refund.noticeTemplateName ?? templateId,
            idempotencyKey,
            createdBy:
              refund.requestedById && refund.requestedByEmail
                ? { id: refund.requestedById, email: refund.requestedByEmail }
                : null,
            recipients: [
              {
                to: decision.to,
                data: {
                  amount: formatMoney(Number(refund.amount), refund.currency),
                  currency: refund.currency.toUpperCase(),
                  charge_id: refund.chargeId,
                  refund_id: refund.providerRefundId ?? refund.id,
                  ...(payment?.description ? { description: payment.description } : {}),
                },
              },
            ],
          },
        ])
      ).messageIds[0]?.[0];
  await tx.refund.update({
    where: { id: refund.id },
    data: { noticeMessageId: messageId ?? null },
  });
  await audit("payment.refund.notice_queued", { messageId: messageId ?? null });
}
