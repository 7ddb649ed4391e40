import "server-only";
import { PAYMENT_TX } from "./transaction-options";
import { fromPrisma } from "pg-boss";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/audit";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { getDb, type Prisma } from "@/lib/db/client";
import { Prisma as PrismaRuntime, type Refund } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { isIntegrationError } from "@/lib/integrations/core";
import { createRefund } from "@/lib/integrations/providers/stripe/api/payments";
import { refundApprovalThreshold } from "@/lib/integrations/providers/stripe/config";
import { toRefundRecord } from "@/lib/integrations/providers/stripe/mappers";
import { enqueue, getJobQueue } from "@/lib/jobs/queue";
import { logger } from "@/lib/logger";
import { parseInput } from "@/lib/validation";
import { paymentsCircuit } from "./circuit";
import { checkRefund, DUPLICATE_WINDOW_MS } from "./refund-guards";
import { resubmitRefundJob } from "./refund-job";
import { queueRefundNotice } from "./refund-notice";
import { describeNotice } from "./refund-notice-decision";
import { resolveRefundNoticeTemplate } from "./refund-notice-template";
import {
  chargeIdSchema,
  refundDecisionSchema,
  refundReasons,
  refundRequestSchema,
} from "./schemas";
import { RESERVING_REFUND_STATUSES } from "./status";
import { applyRefund } from "./sync";
import { toRefundView, type RefundView } from "./views";

/** How long one submission may hold a refund before another request may try it again. */
const SUBMIT_LEASE_MS = 90_000;

type Tx = Prisma.TransactionClient;

function target(chargeId: string) {
  return { type: "payment", id: chargeId };
}

async function lockPayment(tx: Tx, chargeId: string) {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Transaction" WHERE "chargeId" = ${chargeId} FOR UPDATE`;
  const id = rows[0]?.id;
  return id ? tx.transaction.findUnique({ where: { id } }) : null;
}

async function reservedAmount(tx: Tx, chargeId: string, except?: string): Promise<number> {
  const sum = await tx.refund.aggregate({
    where: {
      chargeId,
      status: { in: [...RESERVING_REFUND_STATUSES] },
      ...(except ? { id: { not: except } } : {}),
    },
    _sum: { amount: true },
  });
  return Number(sum._sum.amount ?? 0n);
}

function sameAction(refund: Refund, chargeId: string, amount: number): void {
  if (refund.chargeId !== chargeId || Number(refund.amount) !== amount) {
    throw new AppError(
      "CONFLICT",
      "This action key was already used for a different refund. Close the dialog and start again.",
    );
  }
}

export interface RefundOutcome {
  refund: RefundView;
  /** In words, for the dialog. */
  message: string;
}

function describe(refund: Refund): string {
  switch (refund.status) {
    case "PENDING_APPROVAL":
      return "The refund is above the approval threshold and waits for an admin's approval. Nothing has been sent yet.";
    case "REJECTED":
      return "An admin rejected this refund. Nothing was sent.";
    case "SUBMITTING":
      return refund.lastError
        ? `The refund is recorded, but the provider did not confirm it yet (${refund.lastError}). It is retried automatically with the same key, so it cannot happen twice.`
        : "The refund is being sent.";
    case "FAILED":
      return `The refund failed${refund.failureReason ? `: ${refund.failureReason}` : ""}.`;
    case "CANCELED":
      return "The refund was canceled.";
    case "PENDING":
    case "REQUIRES_ACTION":
      return "Refund accepted; the card network is still processing it.";
    case "SUCCEEDED":
      return "Refund accepted.";
  }
}

/**
 * A support person's refund: checked against the payment under its row lock (refundable balance,
 * failed or disputed payment, the same amount minutes ago, the approval threshold), recorded with
 * the action's idempotency key, then sent with that key. A second submission of the same action
 * (a double click, a retry, twenty at once) finds the record and never sends a second refund.
 */
export async function requestRefund(options: {
  actor: Actor;
  chargeId: string;
  input: unknown;
  ip?: string | null;
}): Promise<RefundOutcome> {
  const { actor } = options;
  await authorize(actor, "payments:refund", { resource: `payment:${options.chargeId}` });
  const chargeId = parseInput(chargeIdSchema, options.chargeId);
  const input = parseInput(refundRequestSchema, options.input);
  const db = getDb();

  const earlier = await db.refund.findUnique({ where: { idempotencyKey: input.idempotencyKey } });
  if (earlier) {
    sameAction(earlier, chargeId, input.amount);
    return drive(earlier, actor);
  }
  const circuit = await paymentsCircuit();
  if (circuit.open) {
    await recordAudit({
      action: "payment.refund.denied",
      outcome: "DENIED",
      actor,
      ip: options.ip,
      target: target(chargeId),
      details: { reason: "circuit_open", amount: input.amount },
    });
    throw new AppError(
      "PROVIDER_UNAVAILABLE",
      `${circuit.explanation ?? "The payment provider is unavailable."}${circuit.nextTrialAt ? ` Next trial at ${circuit.nextTrialAt.toISOString()}.` : ""}`,
    );
  }
  // Checked before the transaction: it may ask SendGrid, and no lock should wait on that.
  const noticeTemplate = input.notifyCustomer ? await resolveRefundNoticeTemplate({ actor }) : null;

  let denial: { message: string; kind: string; balance: number; currency: string } | null = null;
  let created: Refund | null = null;
  try {
    created = await db.$transaction(async (tx) => {
      const payment = await lockPayment(tx, chargeId);
      if (!payment) throw new AppError("NOT_FOUND", "There is no such payment.");
      // A concurrent submission of this same action may have committed while we waited for the lock.
      const raced = await tx.refund.findUnique({ where: { idempotencyKey: input.idempotencyKey } });
      if (raced) return raced;
      const currency = payment.currency;
      const recent = await tx.refund.findMany({
        where: {
          chargeId,
          amount: input.amount,
          status: { in: [...RESERVING_REFUND_STATUSES] },
          createdAt: { gte: new Date(Date.now() - DUPLICATE_WINDOW_MS) },
        },
        select: { createdAt: true, requestedByEmail: true },
        orderBy: { createdAt: "desc" },
      });
      const verdict = checkRefund({
        amount: input.amount,
        currency,
        chargeStatus: payment.chargeStatus,
        captured: payment.captured,
        disputed: payment.disputed || (await tx.dispute.count({ where: { chargeId } })) > 0,
        amountCaptured: Number(payment.amountCaptured),
        providerRefunded: Number(payment.amountRefunded),
        reserved: await reservedAmount(tx, chargeId),
        recentSameAmount: recent,
        confirmDuplicate: input.confirmDuplicate,
        approvalThreshold: refundApprovalThreshold(currency),
        now: new Date(),
      });
      if (!verdict.ok) {
        denial = {
          message: verdict.message,
          kind: verdict.kind,
          balance: verdict.balance,
          currency,
        };
        return null;
      }
      const refund = await tx.refund.create({
        data: {
          chargeId,
          amount: input.amount,
          currency,
          status: verdict.needsApproval ? "PENDING_APPROVAL" : "SUBMITTING",
          reason: input.reason,
          note: input.note || null,
          ticket: input.ticket || null,
          idempotencyKey: input.idempotencyKey,
          requestedById: actor.id,
          requestedByEmail: actor.email,
          ...(noticeTemplate
            ? {
                noticeState: "REQUESTED" as const,
                noticeTemplateId: noticeTemplate.id,
                noticeTemplateName: noticeTemplate.name,
              }
            : {}),
        },
      });
      await recordAudit({
        db: tx,
        action: verdict.needsApproval
          ? "payment.refund.approval_requested"
          : "payment.refund.requested",
        outcome: "SUCCESS",
        actor,
        ip: options.ip,
        target: target(chargeId),
        details: {
          refundId: refund.id,
          amount: input.amount,
          currency,
          reason: input.reason,
          ticket: input.ticket,
          duplicateConfirmed: input.confirmDuplicate && recent.length > 0,
          balanceBefore: verdict.balance,
          notifyCustomer: noticeTemplate !== null,
        },
      });
      return refund;
    }, PAYMENT_TX);
  } catch (error) {
    // Two submissions of one action that both passed the read above: the key's unique index lets one in.
    if (error instanceof PrismaRuntime.PrismaClientKnownRequestError && error.code === "P2002") {
      const winner = await db.refund.findUnique({
        where: { idempotencyKey: input.idempotencyKey },
      });
      if (winner) {
        sameAction(winner, chargeId, input.amount);
        return drive(winner, actor);
      }
    }
    throw error;
  }
  if (denial !== null) {
    const refused: { message: string; kind: string; balance: number; currency: string } = denial;
    await recordAudit({
      action: "payment.refund.denied",
      outcome: "DENIED",
      actor,
      ip: options.ip,
      target: target(chargeId),
      details: {
        reason: refused.kind,
        amount: input.amount,
        currency: refused.currency,
        balance: refused.balance,
      },
    });
    throw new AppError(
      refused.kind === "duplicate" ? "CONFLICT" : "VALIDATION_FAILED",
      refused.message,
      {
        fieldErrors:
          refused.kind === "duplicate"
            ? { confirmDuplicate: [refused.message] }
            : { amount: [refused.message] },
      },
    );
  }
  if (!created) throw new AppError("INTERNAL", "The refund could not be recorded.");
  return drive(created, actor);
}

async function drive(refund: Refund, actor: Actor | null): Promise<RefundOutcome> {
  const current =
    refund.status === "SUBMITTING" ? await submitRefund({ refundId: refund.id, actor }) : refund;
  const view = toRefundView(current);
  const notice = view.notice ? ` ${describeNotice(view.notice)}` : "";
  return { refund: view, message: `${describe(current)}${notice}` };
}

/**
 * Sends a recorded refund with its own key. Only the holder of the submit lease calls the
 * provider; anyone else gets the record as it stands. A provider that does not answer leaves the
 * refund SUBMITTING: the retry job sends it again with the same key (Stripe answers with the
 * refund it already made), and its webhook settles it either way.
 */
export async function submitRefund(options: {
  refundId: string;
  actor: Actor | null;
}): Promise<Refund> {
  const db = getDb();
  const claimed = await db.refund.updateMany({
    where: {
      id: options.refundId,
      status: "SUBMITTING",
      OR: [{ submitLeaseUntil: null }, { submitLeaseUntil: { lt: new Date() } }],
    },
    data: { submitLeaseUntil: new Date(Date.now() + SUBMIT_LEASE_MS) },
  });
  const refund = await db.refund.findUniqueOrThrow({ where: { id: options.refundId } });
  if (claimed.count === 0 || !refund.idempotencyKey) return refund;
  const audit = (outcome: "SUCCESS" | "FAILURE", details: Record<string, unknown>, tx?: Tx) =>
    recordAudit({
      db: tx,
      action: "payment.refund.submitted",
      outcome,
      actor: options.actor,
      target: target(refund.chargeId),
      details: {
        refundId: refund.id,
        amount: Number(refund.amount),
        currency: refund.currency,
        ...details,
      },
    });
  try {
    const created = await createRefund(
      {
        chargeId: refund.chargeId,
        amount: Number(refund.amount),
        reason: z
          .enum(refundReasons)
          .optional()
          .catch(undefined)
          .parse(refund.reason ?? undefined),
        consoleRefundId: refund.id,
        ticket: refund.ticket ?? undefined,
        idempotencyKey: refund.idempotencyKey,
      },
      { actor: options.actor, correlationId: `charge:${refund.chargeId}` },
    );
    const record = toRefundRecord(created, created, new Date());
    // The notice's send job is enqueued in the transaction: on the embedded database the queue
    // must be started before it takes the one connection.
    if (refund.noticeState === "REQUESTED") await getJobQueue();
    await db.$transaction(async (tx) => {
      if (record) await applyRefund(tx, record);
      await audit("SUCCESS", { providerRefundId: created.id, status: created.status }, tx);
    }, PAYMENT_TX);
  } catch (error) {
    if (!isIntegrationError(error)) throw error;
    const definitive = error.kind === "http" && !error.retryable;
    // Started outside the transaction: on the embedded database its one connection is the transaction's.
    if (!definitive) await getJobQueue();
    await db.$transaction(async (tx) => {
      await tx.refund.update({
        where: { id: refund.id },
        data: definitive
          ? {
              status: "FAILED",
              failureReason: error.userMessage,
              submitLeaseUntil: null,
              lastError: null,
            }
          : { lastError: error.userMessage, submitLeaseUntil: null },
      });
      if (definitive) await queueRefundNotice(tx, refund.id);
      await audit(
        "FAILURE",
        { error: error.userMessage, providerCode: error.providerCode, outcomeKnown: definitive },
        tx,
      );
      if (!definitive) {
        await enqueue(resubmitRefundJob, [{ data: { refundId: refund.id } }], {
          db: fromPrisma(tx),
        });
      }
    }, PAYMENT_TX);
    logger.warn(
      { refundId: refund.id, code: error.code, kind: error.kind },
      "refund submission failed",
    );
  }
  return db.refund.findUniqueOrThrow({ where: { id: refund.id } });
}

/** An admin approves or rejects a refund above the threshold; never the person who asked for it. */
export async function decideRefund(options: {
  actor: Actor;
  refundId: string;
  input: unknown;
  ip?: string | null;
}): Promise<RefundOutcome> {
  const { actor } = options;
  await authorize(actor, "payments:approve", { resource: `refund:${options.refundId}` });
  const { decision, note } = parseInput(refundDecisionSchema, options.input);
  const db = getDb();
  const id = z.uuid().safeParse(options.refundId);
  const refund = id.success ? await db.refund.findUnique({ where: { id: id.data } }) : null;
  if (!refund) throw new AppError("NOT_FOUND", "There is no such refund.");
  if (refund.requestedById === actor.id) {
    await recordAudit({
      action: "payment.refund.approval_denied",
      outcome: "DENIED",
      actor,
      ip: options.ip,
      target: target(refund.chargeId),
      details: { refundId: refund.id, reason: "own_request", decision },
    });
    throw new AppError("FORBIDDEN", "You asked for this refund, so someone else must approve it.");
  }
  const decided = await db.$transaction(async (tx) => {
    const payment = await lockPayment(tx, refund.chargeId);
    const current = await tx.refund.findUniqueOrThrow({ where: { id: refund.id } });
    if (current.status !== "PENDING_APPROVAL") return current;
    let status: "SUBMITTING" | "REJECTED" = decision === "approve" ? "SUBMITTING" : "REJECTED";
    let why: string | undefined;
    if (status === "SUBMITTING" && payment) {
      // The payment may have changed while the request waited (a dispute, another refund).
      const verdict = checkRefund({
        amount: Number(current.amount),
        currency: current.currency,
        chargeStatus: payment.chargeStatus,
        captured: payment.captured,
        disputed:
          payment.disputed ||
          (await tx.dispute.count({ where: { chargeId: payment.chargeId } })) > 0,
        amountCaptured: Number(payment.amountCaptured),
        providerRefunded: Number(payment.amountRefunded),
        reserved: await reservedAmount(tx, payment.chargeId, current.id),
        recentSameAmount: [],
        confirmDuplicate: true,
        approvalThreshold: Number.MAX_SAFE_INTEGER,
        now: new Date(),
      });
      if (!verdict.ok) {
        status = "REJECTED";
        why = verdict.message;
      }
    }
    const updated = await tx.refund.update({
      where: { id: current.id },
      data: {
        status,
        decidedById: actor.id,
        decidedByEmail: actor.email,
        decidedAt: new Date(),
        failureReason: why ?? (status === "REJECTED" ? (note ?? "Rejected by an admin.") : null),
      },
    });
    await recordAudit({
      db: tx,
      action: status === "SUBMITTING" ? "payment.refund.approved" : "payment.refund.rejected",
      outcome: "SUCCESS",
      actor,
      ip: options.ip,
      target: target(current.chargeId),
      details: {
        refundId: current.id,
        amount: Number(current.amount),
        currency: current.currency,
        note,
        why,
      },
    });
    if (status !== "REJECTED") return updated;
    // A rejected refund's notice is skipped, and the answer shows it so.
    await queueRefundNotice(tx, current.id);
    return tx.refund.findUniqueOrThrow({ where: { id: current.id } });
  }, PAYMENT_TX);
  return drive(decided, actor);
}
