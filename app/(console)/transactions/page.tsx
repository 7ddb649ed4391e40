import type { Metadata } from "next";
import { PlaceholderPage } from "@/components/ui/placeholder-page";
import { requirePageActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Transactions" };

export default async function TransactionsPage() {
  await requirePageActor("/transactions");
  return (
    <PlaceholderPage
      title="Transactions"
      description="Find a Stripe payment by customer email, payment id or amount, and refund it in full or in part."
      items={[
        "Payments from Stripe, searchable by email, payment or charge id, amount and date",
        "Each payment's status, amount in its own currency (zero-decimal currencies shown correctly) and refund history",
        "Full and partial refunds for support staff, idempotent per click, with the outcome recorded in the audit log",
      ]}
    />
  );
}
