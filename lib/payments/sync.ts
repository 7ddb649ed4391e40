import { linkCustomer } from "@/lib/customers/link-customer";
import type { Prisma } from "@/lib/db/client";
import type { Transaction } from "@/lib/db/generated/client";
import { z } from "zod";
import {
  incomingWins,
  paymentIntentProgress as progressOf,
} from "@/lib/integrations/providers/stripe/progress";
import type {
  ChargeRecord,
  DisputeRecord,
  EventLink,
  PaymentIntentRecord,
  RefundRecord,
} from "./records";
import { ACCEPTED_REFUND_STATUSES, deriveStatus } from "./status";

/**
 * Not server-only: the provider registry (loaded by the launcher too) reaches it through the event
 * handlers, and it only ever writes through the transaction it is handed.
 *
 * Writes what the provider says (a webhook event, or a re-sync) into our model, inside the
 * caller's transaction. Each object is locked while it is merged, and a late event never undoes
 * newer state: see progress.ts.
 */
type Tx = Prisma.TransactionClient;

const jsonObject = z.record(z.string(), z.json());

/** The provider's object as stored for the detail page; anything but a JSON object is dropped. */
function json(value: unknown): Prisma.InputJsonObject {
  const parsed = jsonObject.safeParse(value);
  return parsed.success ? parsed.data : {};
}

function chargeColumns(record: ChargeRecord) {
  return {
    chargeId: record.chargeId,
    paymentIntentId: record.paymentIntentId,
    customerId: record.customerId,
    customerEmail: record.customerEmail,
    customerEmailLower: record.customerEmail?.toLowerCase() ?? null,
    customerName: record.customerName,
    amount: record.amount,
    amountCaptured: record.amountCaptured,
    amountRefunded: record.amountRefunded,
    amountRefundedReported: record.amountRefunded,
    currency: record.currency,
    captured: record.captured,
    disputed: record.disputed,
    chargeStatus: record.chargeStatus,
    failureCode: record.failureCode,
    failureMessage: record.failureMessage,
    cardBrand: record.cardBrand,
    cardLast4: record.cardLast4,
    description: record.description,
    createdAt: record.createdAt,
    providerUpdatedAt: record.providerUpdatedAt,
    progress: record.progress,
    raw: json(record.raw),
  };
}

async function lockTransaction(tx: Tx, chargeId: string): Promise<Transaction | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Transaction" WHERE "chargeId" = ${chargeId} FOR UPDATE`;
  const id = rows[0]?.id;
  return id ? tx.transaction.findUnique({ where: { id } }) : null;
}

/** The payment's customer across providers: found or made, in the transaction that stores it. */
async function linkPaymentCustomer(tx: Tx, row: Transaction): Promise<void> {
  await linkCustomer(tx, {
    stripeCustomerId: row.customerId,
    email: row.customerEmail,
    name: row.customerName,
  });
}

async function refundSum(tx: Tx, where: Prisma.RefundWhereInput): Promise<number> {
  const sum = await tx.refund.aggregate({ where, _sum: { amount: true } });
  return Number(sum._sum.amount ?? 0n);
}

/**
 * Refunded now. Refund objects have a reliable order of their own (progress.ts); the charge's
 * figure does not (a failed refund lowers it, and its events share seconds with the others). So:
 * the refunds we know that the provider accepted, or the highest figure it reported less the
 * refunds of it that failed since (a refund made elsewhere may reach us first as that figure).
 */
async function refundedNow(tx: Tx, row: Transaction): Promise<number> {
  const accepted = await refundSum(tx, {
    chargeId: row.chargeId,
    status: { in: [...ACCEPTED_REFUND_STATUSES] },
  });
  const failed = await refundSum(tx, {
    chargeId: row.chargeId,
    status: { in: ["FAILED", "CANCELED"] },
    providerRefundId: { not: null },
  });
  return Math.max(accepted, Number(row.amountRefundedReported) - failed);
}

/** Re-derives the list status of a locked row from its fields, refunds and disputes. */
async function restatus(tx: Tx, row: Transaction): Promise<void> {
  const refunded = await refundedNow(tx, row);
  const disputed =
    row.disputed || (await tx.dispute.count({ where: { chargeId: row.chargeId } })) > 0;
  const status = deriveStatus({
    chargeStatus: row.chargeStatus,
    captured: row.captured,
    amountCaptured: Number(row.amountCaptured),
    refunded,
    disputed,
    paymentIntentStatus: row.paymentIntentStatus,
  });
  if (
    status !== row.status ||
    disputed !== row.disputed ||
    refunded !== Number(row.amountRefunded)
  ) {
    await tx.transaction.update({
      where: { id: row.id },
      data: { status, disputed, amountRefunded: refunded },
    });
  }
}

export async function applyCharge(tx: Tx, record: ChargeRecord): Promise<void> {
  const inserted = await tx.transaction.createMany({
    data: [{ ...chargeColumns(record), status: "PENDING" }],
    skipDuplicates: true,
  });
  const row = await lockTransaction(tx, record.chargeId);
  if (!row) throw new Error(`transaction ${record.chargeId} vanished while being written`);
  if (inserted.count === 0) {
    const wins = incomingWins(row, record);
    const merged = wins ? chargeColumns(record) : {};
    const updated = await tx.transaction.update({
      where: { id: row.id },
      data: {
        ...merged,
        // Whichever event is newer, these only ever move forward.
        captured: row.captured || record.captured,
        disputed: row.disputed || record.disputed,
        amountCaptured: Math.max(Number(row.amountCaptured), record.amountCaptured),
        amountRefunded: row.amountRefunded,
        amountRefundedReported: Math.max(Number(row.amountRefundedReported), record.amountRefunded),
        progress: Math.max(row.progress, record.progress),
        providerUpdatedAt:
          row.providerUpdatedAt > record.providerUpdatedAt
            ? row.providerUpdatedAt
            : record.providerUpdatedAt,
        // An outline from a payment intent may know things the charge event leaves out.
        paymentIntentId: record.paymentIntentId ?? row.paymentIntentId,
        customerId:
          (wins ? record.customerId : row.customerId) ?? record.customerId ?? row.customerId,
        customerEmail:
          (wins ? record.customerEmail : row.customerEmail) ??
          row.customerEmail ??
          record.customerEmail,
        customerEmailLower:
          (
            (wins ? record.customerEmail : row.customerEmail) ??
            row.customerEmail ??
            record.customerEmail
          )?.toLowerCase() ?? null,
      },
    });
    await linkPaymentCustomer(tx, updated);
    await restatus(tx, updated);
    return;
  }
  await linkPaymentCustomer(tx, row);
  await restatus(tx, row);
}

export async function applyPaymentIntent(tx: Tx, record: PaymentIntentRecord): Promise<void> {
  if (record.placeholder) {
    await tx.transaction.createMany({
      data: [{ ...chargeColumns(record.placeholder), status: "PENDING" }],
      skipDuplicates: true,
    });
  }
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Transaction" WHERE "paymentIntentId" = ${record.paymentIntentId} FOR UPDATE`;
  for (const { id } of rows) {
    const row = await tx.transaction.findUnique({ where: { id } });
    if (!row) continue;
    const storedProgress = row.paymentIntentStatus ? progressOf(row.paymentIntentStatus) : -1;
    const updated =
      record.progress >= storedProgress
        ? await tx.transaction.update({
            where: { id },
            data: { paymentIntentStatus: record.status },
          })
        : row;
    await restatus(tx, updated);
  }
}

export async function applyRefund(tx: Tx, record: RefundRecord): Promise<void> {
  let rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Refund" WHERE "providerRefundId" = ${record.providerRefundId} FOR UPDATE`;
  if (rows.length === 0 && record.consoleRefundId) {
    rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "Refund" WHERE "id" = ${record.consoleRefundId}::uuid FOR UPDATE`;
  }
  const id = rows[0]?.id;
  const columns = {
    providerRefundId: record.providerRefundId,
    status: record.status,
    failureReason: record.failureReason,
    providerCreatedAt: record.providerCreatedAt,
    providerUpdatedAt: record.providerUpdatedAt,
    progress: record.progress,
    raw: json(record.raw),
  };
  let noticeRequested = false;
  if (id) {
    const row = await tx.refund.findUnique({ where: { id } });
    noticeRequested = row?.noticeState === "REQUESTED";
    if (row && (row.providerRefundId === null || incomingWins(row, record))) {
      await tx.refund.update({
        where: { id },
        data: incomingWins(row, record)
          ? { ...columns, submitLeaseUntil: null, lastError: null }
          : { providerRefundId: record.providerRefundId },
      });
    }
  } else {
    await tx.refund.createMany({
      data: [
        {
          ...columns,
          chargeId: record.chargeId,
          amount: record.amount,
          currency: record.currency,
          reason: record.reason,
        },
      ],
      skipDuplicates: true,
    });
  }
  const transaction = await lockTransaction(tx, record.chargeId);
  if (transaction) await restatus(tx, transaction);
  if (id && noticeRequested) {
    // Server-only (it queues email); this module is loaded by the launcher too.
    const { queueRefundNotice } = await import("./refund-notice");
    await queueRefundNotice(tx, id);
  }
}

export async function applyDispute(tx: Tx, record: DisputeRecord): Promise<void> {
  const columns = {
    chargeId: record.chargeId,
    amount: record.amount,
    currency: record.currency,
    status: record.status,
    reason: record.reason,
    providerCreatedAt: record.providerCreatedAt,
    providerUpdatedAt: record.providerUpdatedAt,
    progress: record.progress,
    raw: json(record.raw),
  };
  const inserted = await tx.dispute.createMany({
    data: [{ providerDisputeId: record.providerDisputeId, ...columns }],
    skipDuplicates: true,
  });
  if (inserted.count === 0) {
    await tx.$queryRaw`SELECT 1 FROM "Dispute" WHERE "providerDisputeId" = ${record.providerDisputeId} FOR UPDATE`;
    const row = await tx.dispute.findUnique({
      where: { providerDisputeId: record.providerDisputeId },
    });
    if (row && incomingWins(row, record)) {
      await tx.dispute.update({ where: { id: row.id }, data: columns });
    }
  }
  const transaction = await lockTransaction(tx, record.chargeId);
  if (transaction) await restatus(tx, transaction);
}

export async function linkEvent(tx: Tx, link: EventLink): Promise<void> {
  await tx.paymentEvent.createMany({ data: [link], skipDuplicates: true });
}
