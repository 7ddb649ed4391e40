import type { Metadata } from "next";
import { TransactionsView } from "@/components/payments/transactions-view";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { listTransactions } from "@/lib/payments/queries";

export const metadata: Metadata = { title: "Transactions" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function TransactionsPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requirePageActor("/transactions");
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(await searchParams)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first) params.set(key, first);
  }
  let page = null;
  let error: string | null = null;
  try {
    page = await listTransactions({ actor, input: Object.fromEntries(params) });
  } catch (problem) {
    if (!isAppError(problem) || problem.status >= 500) throw problem;
    error = problem.userMessage;
  }
  return (
    <>
      <PageHeader
        title="Transactions"
        description="Every Stripe payment, newest first, as Stripe reported it to the console. Search by customer email, a card's last four digits, or a charge, payment intent, refund or customer id; filters stay in the address, so a link shows the same list."
      />
      <TransactionsView
        initialQuery={params.toString()}
        initialPage={page}
        initialError={error}
        canRecover={can(actor.role, "webhooks:replay")}
      />
    </>
  );
}
