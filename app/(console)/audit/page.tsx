import type { Metadata } from "next";
import Link from "next/link";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditLogTable } from "@/components/audit/audit-log-table";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { auditFilterParams, auditFilterSchema } from "@/lib/audit/filters";
import { listAuditEntries } from "@/lib/audit/queries";
import { requirePageActor } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Audit log" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function single(params: Record<string, string | string[] | undefined>) {
  return Object.fromEntries(
    Object.entries(params).flatMap(([key, value]) =>
      typeof value === "string" ? [[key, value]] : [],
    ),
  );
}

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requirePageActor("/audit", "audit:read");
  const params = single(await searchParams);
  let page: Awaited<ReturnType<typeof listAuditEntries>> | null = null;
  let problem: string | null = null;
  try {
    page = await listAuditEntries({ actor, query: params });
  } catch (error) {
    if (!isAppError(error)) throw error;
    problem = error.userMessage;
  }
  const filter = auditFilterSchema.safeParse(params);
  const query = filter.success ? auditFilterParams(filter.data) : new URLSearchParams();
  const nextHref = page?.next
    ? `/audit?${new URLSearchParams([...query, ["after", page.next]]).toString()}`
    : null;
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who did what, newest first: sign-ins, failed sign-ins, denied requests, user changes, refunds, resends and integration controls. Repeated anonymous denials from one address are folded into one row with a count. The log cannot be changed from the console."
      />
      <section className="rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <AuditFilters values={params} exportHref={`/api/audit-log/export?${query.toString()}`} />
        {problem ? (
          <Notice ok={false} className="m-3">
            {problem}
          </Notice>
        ) : (
          <AuditLogTable entries={page?.entries ?? []} filtered={query.size > 0} />
        )}
        <nav
          aria-label="Pages"
          className="flex justify-between border-t border-slate-200 p-3 text-sm dark:border-slate-800"
        >
          {params.after ? (
            <Link
              href={`/audit?${query.toString()}`}
              className="text-indigo-700 hover:underline dark:text-indigo-300"
            >
              ← Newest entries
            </Link>
          ) : (
            <span />
          )}
          {nextHref ? (
            <Link href={nextHref} className="text-indigo-700 hover:underline dark:text-indigo-300">
              Older entries →
            </Link>
          ) : (
            <span className="text-slate-500">End of the log</span>
          )}
        </nav>
      </section>
    </>
  );
}
