import type { Metadata } from "next";
import Link from "next/link";
import { ApiCallFilters } from "@/components/api-calls/api-call-filters";
import { ApiCallsTable } from "@/components/api-calls/api-calls-table";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { apiCallFilterParams, apiCallFilterSchema } from "@/lib/api-calls/filters";
import { apiCallProviders, listApiCalls } from "@/lib/api-calls/queries";
import { requirePageActor } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "API calls" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function single(params: Record<string, string | string[] | undefined>) {
  return Object.fromEntries(
    Object.entries(params).flatMap(([key, value]) =>
      typeof value === "string" ? [[key, value]] : [],
    ),
  );
}

export default async function ApiCallsPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requirePageActor("/api-calls");
  const params = single(await searchParams);
  let page: Awaited<ReturnType<typeof listApiCalls>> | null = null;
  let problem: string | null = null;
  try {
    page = await listApiCalls({ actor, input: params });
  } catch (error) {
    if (!isAppError(error)) throw error;
    problem = error.userMessage;
  }
  const filter = apiCallFilterSchema.safeParse(params);
  const query = filter.success ? apiCallFilterParams(filter.data) : new URLSearchParams();
  const nextHref = page?.next
    ? `/api-calls?${new URLSearchParams([...query, ["after", page.next]]).toString()}`
    : null;
  return (
    <>
      <PageHeader
        title="API calls"
        description="Every outbound call to a provider, one row per attempt, newest first, with secrets redacted. Filter by status (an outcome, 429 or 5xx) or duration to find failures and slow calls; follow a correlation id to see every attempt of one action."
      />
      <section className="rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <ApiCallFilters values={params} providers={apiCallProviders()} />
        {problem ? (
          <Notice ok={false} className="m-3">
            {problem}
          </Notice>
        ) : (
          <ApiCallsTable
            filtered={query.size > 0}
            rows={(page?.calls ?? []).map((row) => ({
              ...row,
              createdAt: row.createdAt.toISOString(),
            }))}
          />
        )}
        <nav
          aria-label="Pages"
          className="flex justify-between border-t border-slate-200 p-3 text-sm dark:border-slate-800"
        >
          {params.after ? (
            <Link
              href={`/api-calls?${query.toString()}`}
              className="text-indigo-700 hover:underline dark:text-indigo-300"
            >
              ← Newest calls
            </Link>
          ) : (
            <span />
          )}
          {nextHref ? (
            <Link href={nextHref} className="text-indigo-700 hover:underline dark:text-indigo-300">
              Older calls →
            </Link>
          ) : (
            <span className="text-slate-500">End of the log</span>
          )}
        </nav>
      </section>
    </>
  );
}
