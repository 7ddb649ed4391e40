import type { Metadata } from "next";
import { ApprovalsQueue } from "@/components/payments/approvals-queue";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageActor } from "@/lib/auth/session";
import { listPendingApprovals } from "@/lib/payments/approvals";

export const metadata: Metadata = { title: "Refund approvals" };

export default async function ApprovalsPage() {
  const actor = await requirePageActor("/approvals", "payments:approve");
  const items = await listPendingApprovals({ actor });
  return (
    <>
      <PageHeader
        title="Refund approvals"
        description="Refunds above the approval threshold wait here until an admin other than the person who asked approves or rejects them. Nothing is sent to Stripe before that; an approved refund is checked against the payment again and then sent."
      />
      <ApprovalsQueue initial={items} />
    </>
  );
}
