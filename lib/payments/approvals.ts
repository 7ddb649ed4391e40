import "server-only";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { toRefundView, type RefundView } from "./views";

export interface ApprovalItem extends RefundView {
  customerEmail: string | null;
  /** The person looking cannot approve their own request. */
  ownRequest: boolean;
}

/** Refunds waiting for an admin's approval, oldest first. */
export async function listPendingApprovals(options: { actor: Actor }): Promise<ApprovalItem[]> {
  await authorize(options.actor, "payments:approve", { resource: "refund-approvals" });
  const db = getDb();
  const refunds = await db.refund.findMany({
    where: { status: "PENDING_APPROVAL" },
    orderBy: { createdAt: "asc" },
    take: 200,
  });
  const payments = await db.transaction.findMany({
    where: { chargeId: { in: refunds.map((refund) => refund.chargeId) } },
    select: { chargeId: true, customerEmail: true },
  });
  const emails = new Map(payments.map((payment) => [payment.chargeId, payment.customerEmail]));
  return refunds.map((refund) => ({
    ...toRefundView(refund),
    customerEmail: emails.get(refund.chargeId) ?? null,
    ownRequest: refund.requestedById === options.actor.id,
  }));
}

export async function countPendingApprovals(): Promise<number> {
  return getDb().refund.count({ where: { status: "PENDING_APPROVAL" } });
}
