import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { Prisma, type Customer, type CustomerLink } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";

export interface CustomerScope {
  customer: Customer;
  links: CustomerLink[];
  stripeIds: string[];
  /** Lower-cased addresses: how payments, emails, events and suppressions store them. */
  addresses: string[];
  /**
   * The customer's payments, as a condition on "Transaction" t: its Stripe customers' payments,
   * and payments with its address whose Stripe customer is no other customer's (one an admin split
   * off keeps its payments).
   */
  payments: Prisma.Sql;
  /** The two halves of `payments`, for reads that take each from its own index. */
  paymentsByStripeId: Prisma.Sql;
  paymentsByAddress: Prisma.Sql;
}

const customerId = z.uuid();

export async function loadCustomerScope(id: string): Promise<CustomerScope> {
  const parsed = customerId.safeParse(id);
  const db = getDb();
  const customer = parsed.success
    ? await db.customer.findUnique({ where: { id: parsed.data } })
    : null;
  if (!customer) throw new AppError("NOT_FOUND", "There is no such customer.");
  const links = await db.customerLink.findMany({
    where: { customerId: customer.id },
    // Stripe customers, then addresses, then references: the same order on every row.
    orderBy: [{ kind: "asc" }, { createdAt: "asc" }, { value: "asc" }],
  });
  const stripeIds = links.filter((l) => l.kind === "STRIPE_CUSTOMER").map((l) => l.value);
  const addresses = links.filter((l) => l.kind === "EMAIL").map((l) => l.value);
  const paymentsByStripeId = Prisma.sql`t."customerId" = ANY(${stripeIds}::text[])`;
  const paymentsByAddress = Prisma.sql`(t."customerEmailLower" = ANY(${addresses}::text[])
    AND (t."customerId" IS NULL OR NOT EXISTS (
      SELECT 1 FROM "CustomerLink" other
      WHERE other."kind" = 'STRIPE_CUSTOMER' AND other."value" = t."customerId"
        AND other."customerId" <> ${customer.id}::uuid)))`;
  const payments = Prisma.sql`(${paymentsByStripeId} OR ${paymentsByAddress})`;
  return { customer, links, stripeIds, addresses, payments, paymentsByStripeId, paymentsByAddress };
}
