import type { Metadata } from "next";
import { AuditLogTable } from "@/components/audit/audit-log-table";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  await requirePageActor("/audit", "audit:read");
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who did what, newest first: sign-ins, failed sign-ins, denied requests, user changes, refunds, resends and integration controls. Refreshes every 10 seconds."
      />
      <AuditLogTable />
    </>
  );
}
