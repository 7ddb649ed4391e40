import type { Refund, Transaction } from "@/lib/db/generated/client";
import type { RefundNoticeState } from "@/lib/db/generated/enums";

/** What pages and API clients see of our rows: plain numbers and ISO dates, no raw bigints. */
export interface RefundView {
  id: string;
  chargeId: string;
  providerRefundId: string | null;
  amount: number;
  currency: string;
  status: Refund["status"];
  reason: string | null;
  note: string | null;
  ticket: string | null;
  requestedByEmail: string | null;
  decidedByEmail: string | null;
  decidedAt: string | null;
  failureReason: string | null;
  lastError: string | null;
  createdAt: string;
  /** The customer's confirmation email, when one was asked for with the refund. */
  notice: RefundNoticeView | null;
}

export interface RefundNoticeView {
  state: RefundNoticeState;
  /** Known where the payment is at hand (the payment's page); the email log has it too. */
  recipient?: string | null;
  templateName: string | null;
  messageId: string | null;
  skipReason: string | null;
}

export function toRefundView(refund: Refund, recipient?: string | null): RefundView {
  return {
    id: refund.id,
    chargeId: refund.chargeId,
    providerRefundId: refund.providerRefundId,
    amount: Number(refund.amount),
    currency: refund.currency,
    status: refund.status,
    reason: refund.reason,
    note: refund.note,
    ticket: refund.ticket,
    requestedByEmail: refund.requestedByEmail,
    decidedByEmail: refund.decidedByEmail,
    decidedAt: refund.decidedAt?.toISOString() ?? null,
    failureReason: refund.failureReason,
    lastError: refund.lastError,
    createdAt: refund.createdAt.toISOString(),
    notice: refund.noticeState
      ? {
          state: refund.noticeState,
          ...(recipient !== undefined ? { recipient } : {}),
          templateName: refund.noticeTemplateName ?? refund.noticeTemplateId,
          messageId: refund.noticeMessageId,
          skipReason: refund.noticeSkipReason,
        }
      : null,
  };
}

export interface TransactionView {
  id: string;
  chargeId: string;
  paymentIntentId: string | null;
  customerId: string | null;
  customerEmail: string | null;
  customerName: string | null;
  amount: number;
  amountCaptured: number;
  amountRefunded: number;
  currency: string;
  status: Transaction["status"];
  chargeStatus: string;
  paymentIntentStatus: string | null;
  disputed: boolean;
  cardBrand: string | null;
  cardLast4: string | null;
  description: string | null;
  failureCode: string | null;
  failureMessage: string | null;
  createdAt: string;
}

export function toTransactionView(row: Transaction): TransactionView {
  return {
    id: row.id,
    chargeId: row.chargeId,
    paymentIntentId: row.paymentIntentId,
    customerId: row.customerId,
    customerEmail: row.customerEmail,
    customerName: row.customerName,
    amount: Number(row.amount),
    amountCaptured: Number(row.amountCaptured),
    amountRefunded: Number(row.amountRefunded),
    currency: row.currency,
    status: row.status,
    chargeStatus: row.chargeStatus,
    paymentIntentStatus: row.paymentIntentStatus,
    disputed: row.disputed,
    cardBrand: row.cardBrand,
    cardLast4: row.cardLast4,
    description: row.description,
    failureCode: row.failureCode,
    failureMessage: row.failureMessage,
    createdAt: row.createdAt.toISOString(),
  };
}
