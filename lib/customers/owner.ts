import "server-only";
import { getDb } from "@/lib/db/client";

/**
 * The customer a payment belongs to, for the link from its page: its Stripe customer's, or its
 * address's (the same rule as scope.ts, seen from the payment).
 */
export async function customerOfPayment(payment: {
  customerId: string | null;
  customerEmailLower: string | null;
}): Promise<string | null> {
  const db = getDb();
  if (payment.customerId) {
    const link = await db.customerLink.findUnique({
      where: { kind_value: { kind: "STRIPE_CUSTOMER", value: payment.customerId } },
      select: { customerId: true },
    });
    if (link) return link.customerId;
  }
  return payment.customerEmailLower ? customerOfAddress(payment.customerEmailLower) : null;
}

/** The customer an address (as the email log keys it) belongs to. */
export async function customerOfAddress(addressKey: string): Promise<string | null> {
  const link = await getDb().customerLink.findUnique({
    where: { kind_value: { kind: "EMAIL", value: addressKey } },
    select: { customerId: true },
  });
  return link?.customerId ?? null;
}
