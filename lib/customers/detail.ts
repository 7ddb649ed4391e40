import "server-only";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { activeSuppressions } from "@/lib/email/suppressions";
import { loadCustomerScope } from "./scope";
import type { CustomerDetail } from "./views";

/**
 * A customer as the top of its page shows it: who it is, why each identifier belongs to it, what
 * it paid, got back and disputed per currency, its last email, and whether mail to it is
 * suppressed.
 */
export async function getCustomerDetail(options: {
  actor: Actor;
  customerId: string;
}): Promise<CustomerDetail> {
  await authorize(options.actor, "console:read", { resource: `customer:${options.customerId}` });
  const scope = await loadCustomerScope(options.customerId);
  const { customer, addresses } = scope;
  const db = getDb();
  const [totals, lastEmail, splitFrom, suppressions] = await Promise.all([
    db.$queryRaw<
      { currency: string; payments: number; paid: bigint; refunded: bigint; disputed: bigint }[]
    >`
      SELECT t."currency", count(*)::int AS payments,
             COALESCE(sum(CASE WHEN t."captured" THEN t."amountCaptured" ELSE 0 END), 0)::bigint AS paid,
             COALESCE(sum(t."amountRefunded"), 0)::bigint AS refunded,
             COALESCE(sum((SELECT sum(d."amount") FROM "Dispute" d WHERE d."chargeId" = t."chargeId")), 0)::bigint AS disputed
      FROM "Transaction" t WHERE ${scope.payments}
      GROUP BY t."currency" ORDER BY t."currency"`,
    addresses.length === 0
      ? null
      : db.emailMessage.findFirst({
          where: { recipientKey: { in: addresses } },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          select: { id: true, recipient: true, templateName: true, status: true, createdAt: true },
        }),
    customer.splitFromId
      ? db.customer.findUnique({
          where: { id: customer.splitFromId },
          select: { id: true, name: true, email: true },
        })
      : null,
    Promise.all(
      addresses.map(async (address) =>
        (await activeSuppressions(address)).map((item) => ({
          address,
          label: item.label,
          since: item.since,
        })),
      ),
    ),
  ]);
  return {
    id: customer.id,
    name: customer.name,
    email: customer.email,
    createdAt: customer.createdAt.toISOString(),
    splitFrom: splitFrom
      ? { id: splitFrom.id, label: splitFrom.name ?? splitFrom.email ?? splitFrom.id }
      : null,
    links: scope.links.map((link) => ({
      kind: link.kind,
      value: link.value,
      explanation: link.explanation,
      pinned: link.pinned,
      createdAt: link.createdAt.toISOString(),
    })),
    totals: totals.map((row) => ({
      currency: row.currency,
      payments: row.payments,
      paid: Number(row.paid),
      refunded: Number(row.refunded),
      disputed: Number(row.disputed),
    })),
    lastEmail: lastEmail
      ? {
          id: lastEmail.id,
          recipient: lastEmail.recipient,
          templateName: lastEmail.templateName,
          status: lastEmail.status,
          at: lastEmail.createdAt.toISOString(),
        }
      : null,
    suppressions: suppressions.flat(),
  };
}
