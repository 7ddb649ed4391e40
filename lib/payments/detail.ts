import "server-only";
import { authorize } from "@/lib/auth/authorize";
import { can, type Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import type { Refund } from "@/lib/db/generated/client";
import { addressKey } from "@/lib/email/addresses";
import { activeSuppressions } from "@/lib/email/suppressions";
import { AppError } from "@/lib/errors";
import { STRIPE } from "@/lib/integrations/providers/stripe/name";
import { refundApprovalThreshold } from "@/lib/integrations/providers/stripe/config";
import { paymentsCircuit } from "./circuit";
import { refundableBalance } from "./refund-guards";
import { suppressedReason } from "./refund-notice-decision";
import { customerOfPayment } from "@/lib/customers/owner";
import { refundNoticeOption, type RefundNoticeOption } from "./refund-notice-template";
import { chargeIdSchema } from "./schemas";
import { RESERVING_REFUND_STATUSES } from "./status";
import { toRefundView, toTransactionView, type RefundView, type TransactionView } from "./views";

export type TimelineKind =
  "api_call" | "webhook" | "refund" | "email" | "dispute" | "audit" | "payment";

export interface TimelineEntry {
  key: string;
  at: string;
  kind: TimelineKind;
  title: string;
  detail: string | null;
  /** Where the record itself is: an anchor on this page or an API URL. */
  href: string | null;
}

export interface DisputeView {
  id: string;
  providerDisputeId: string;
  amount: number;
  currency: string;
  status: string;
  reason: string;
  createdAt: string;
}

export interface PaymentDetail {
  transaction: TransactionView;
  refunds: RefundView[];
  disputes: DisputeView[];
  /** Captured minus refunds that have not failed (the server's figure; the dialog shows it). */
  refundable: number;
  approvalThreshold: number;
  circuit: {
    open: boolean;
    explanation: string | null;
    nextTrialAt: string | null;
    healthPath: string;
  };
  canRefund: boolean;
  /** The refund confirmation the dialog offers; null when none is configured or may be sent. */
  refundNotice: RefundNoticeOption | null;
  /** Why an email to the customer would be skipped now, in words; null when it would not be. */
  customerSuppressed: { reason: string } | null;
  /** The customer across providers this payment belongs to (lib/customers). */
  customerId: string | null;
  timeline: TimelineEntry[];
  raw: unknown;
}

/** One payment with everything that happened to it, newest first in the timeline. */
export async function getPaymentDetail(options: {
  actor: Actor;
  chargeId: string;
}): Promise<PaymentDetail> {
  await authorize(options.actor, "console:read", { resource: `payment:${options.chargeId}` });
  const parsed = chargeIdSchema.safeParse(options.chargeId);
  const db = getDb();
  const row = parsed.success
    ? await db.transaction.findUnique({ where: { chargeId: parsed.data } })
    : null;
  if (!row) throw new AppError("NOT_FOUND", "There is no such payment.");
  const chargeId = row.chargeId;
  const [refunds, disputes, events, calls, audits, circuit] = await Promise.all([
    db.refund.findMany({ where: { chargeId }, orderBy: { createdAt: "desc" } }),
    db.dispute.findMany({ where: { chargeId }, orderBy: { providerCreatedAt: "desc" } }),
    db.paymentEvent.findMany({
      where: row.paymentIntentId
        ? { OR: [{ chargeId }, { paymentIntentId: row.paymentIntentId }] }
        : { chargeId },
      orderBy: { occurredAt: "desc" },
      take: 200,
    }),
    db.apiCall.findMany({
      where: { provider: STRIPE, correlationId: `charge:${chargeId}` },
      orderBy: { createdAt: "desc" },
      take: 200,
    }),
    db.auditLog.findMany({
      where: { targetType: "payment", targetId: chargeId },
      orderBy: { createdAt: "desc" },
      take: 200,
    }),
    paymentsCircuit(),
  ]);
  const canRefund = can(options.actor.role, "payments:refund");
  const email = row.customerEmail;
  const [noticeMessages, suppressions, refundNotice, customerId] = await Promise.all([
    noticeMessagesOf(refunds),
    email ? activeSuppressions(addressKey(email), db) : [],
    canRefund ? refundNoticeOption() : null,
    customerOfPayment(row),
  ]);
  const reserved = refunds
    .filter((refund) => RESERVING_REFUND_STATUSES.includes(refund.status))
    .reduce((sum, refund) => sum + Number(refund.amount), 0);
  const transaction = toTransactionView(row);
  const timeline: TimelineEntry[] = [
    {
      key: `payment-${row.id}`,
      at: row.createdAt.toISOString(),
      kind: "payment" as const,
      title: `Payment ${row.chargeStatus}`,
      detail: row.failureMessage,
      href: "#payment",
    },
    ...events.map((event) => ({
      key: `event-${event.eventId}`,
      at: event.occurredAt.toISOString(),
      kind: "webhook" as const,
      title: `Webhook ${event.eventType}`,
      detail: `${event.eventId} about ${event.objectId}`,
      href: `/api/webhook-deliveries/${event.deliveryId}`,
    })),
    ...calls.map((call) => ({
      key: `call-${call.id}`,
      at: call.createdAt.toISOString(),
      kind: "api_call" as const,
      title: `API ${call.method} ${call.operation} → ${call.status ?? call.outcome}`,
      detail: `attempt ${call.attempt}, ${call.durationMs} ms${call.errorCode ? `, ${call.errorCode}` : ""}${call.providerRequestId ? `, ${call.providerRequestId}` : ""}`,
      href: `#call-${call.id}`,
    })),
    ...refunds.map((refund) => ({
      key: `refund-${refund.id}`,
      at: refund.createdAt.toISOString(),
      kind: "refund" as const,
      title: `Refund ${refund.status.toLowerCase().replaceAll("_", " ")}`,
      detail: refund.requestedByEmail
        ? `requested by ${refund.requestedByEmail}`
        : "made outside the console",
      href: `#refund-${refund.id}`,
    })),
    ...refunds.flatMap((refund) => noticeEntry(refund, noticeMessages)),
    ...disputes.map((dispute) => ({
      key: `dispute-${dispute.id}`,
      at: dispute.providerCreatedAt.toISOString(),
      kind: "dispute" as const,
      title: `Dispute ${dispute.status.replaceAll("_", " ")}`,
      detail: dispute.reason,
      href: `#dispute-${dispute.id}`,
    })),
    ...audits.map((entry) => ({
      key: `audit-${entry.id}`,
      at: entry.createdAt.toISOString(),
      kind: "audit" as const,
      title: `${entry.action} (${entry.outcome.toLowerCase()})`,
      detail: entry.actorEmail ? `by ${entry.actorEmail}` : null,
      href: `#audit-${entry.id}`,
    })),
  ].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return {
    transaction,
    refunds: refunds.map((refund) => toRefundView(refund, email)),
    disputes: disputes.map((dispute) => ({
      id: dispute.id,
      providerDisputeId: dispute.providerDisputeId,
      amount: Number(dispute.amount),
      currency: dispute.currency,
      status: dispute.status,
      reason: dispute.reason,
      createdAt: dispute.providerCreatedAt.toISOString(),
    })),
    refundable: refundableBalance({
      amountCaptured: transaction.amountCaptured,
      providerRefunded: transaction.amountRefunded,
      reserved,
    }),
    approvalThreshold: refundApprovalThreshold(row.currency),
    circuit: { ...circuit, nextTrialAt: circuit.nextTrialAt?.toISOString() ?? null },
    canRefund,
    refundNotice,
    customerId,
    customerSuppressed:
      email && suppressions.length > 0
        ? {
            reason: suppressedReason(
              email,
              suppressions.map((entry) => entry.label),
            ),
          }
        : null,
    timeline,
    raw: row.raw,
  };
}

type NoticeMessages = Map<string, { status: string; createdAt: Date }>;

async function noticeMessagesOf(refunds: readonly Refund[]): Promise<NoticeMessages> {
  const ids = refunds.flatMap((refund) => (refund.noticeMessageId ? [refund.noticeMessageId] : []));
  if (ids.length === 0) return new Map();
  const rows = await getDb().emailMessage.findMany({
    where: { id: { in: ids } },
    select: { id: true, status: true, createdAt: true },
  });
  return new Map(rows.map((row) => [row.id, row]));
}

/** The refund's confirmation email, as a timeline entry of its own. */
function noticeEntry(refund: Refund, messages: NoticeMessages): TimelineEntry[] {
  const base = { key: `notice-${refund.id}`, kind: "email" as const };
  switch (refund.noticeState) {
    case null:
      return [];
    case "REQUESTED":
      return [
        {
          ...base,
          at: refund.createdAt.toISOString(),
          title: "Confirmation email will be sent when Stripe confirms the refund",
          detail: refund.noticeTemplateName,
          href: `#refund-${refund.id}`,
        },
      ];
    case "SKIPPED":
      return [
        {
          ...base,
          at: refund.updatedAt.toISOString(),
          title: `Confirmation email skipped: ${refund.noticeSkipReason ?? "no reason recorded."}`,
          detail: null,
          href: `#refund-${refund.id}`,
        },
      ];
    case "QUEUED": {
      const message = refund.noticeMessageId ? messages.get(refund.noticeMessageId) : undefined;
      return [
        {
          ...base,
          at: (message?.createdAt ?? refund.updatedAt).toISOString(),
          title: "Confirmation email queued",
          detail: message ? `email ${message.status.toLowerCase().replaceAll("_", " ")}` : null,
          href: refund.noticeMessageId ? `/emails/${refund.noticeMessageId}` : null,
        },
      ];
    }
  }
}
