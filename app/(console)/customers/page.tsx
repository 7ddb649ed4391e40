import type { Metadata } from "next";
import Link from "next/link";
import { CustomersTable } from "@/components/customers/customers-table";
import { PageHeader } from "@/components/ui/page-header";
import { Notice } from "@/components/ui/notice";
import { requirePageActor } from "@/lib/auth/session";
import { listCustomers } from "@/lib/customers/list";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Customers" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function CustomersPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requirePageActor("/customers");
  const params = await searchParams;
  const q = first(params.q) ?? "";
  const after = first(params.after);
  let page = null;
  let error: string | null = null;
  try {
    page = await listCustomers({ actor, input: { q, after } });
  } catch (problem) {
    if (!isAppError(problem) || problem.status >= 500) throw problem;
    error = problem.userMessage;
  }
  return (
    <>
      <PageHeader
        title="Customers"
        description="Each customer joins what Stripe and SendGrid know about one person: their Stripe customers, addresses and our references. Search by email, name, or any id (a Stripe customer, a charge, a reference). Open one for its timeline across both providers."
      />
      <form method="get" role="search" className="mb-4 flex flex-wrap gap-2">
        <label htmlFor="customer-search" className="sr-only">
          Search customers
        </label>
        <input
          id="customer-search"
          name="q"
          type="search"
          defaultValue={q}
          maxLength={254}
          placeholder="Email, name, cus_…, ch_… or reference"
          className="w-full max-w-md rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900"
        />
        <button
          type="submit"
          className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500"
        >
          Search
        </button>
        {q ? (
          <Link
            href="/customers"
            className="self-center text-sm text-indigo-700 underline dark:text-indigo-300"
          >
            Clear
          </Link>
        ) : null}
      </form>
      {error ? <Notice ok={false}>{error}</Notice> : null}
      {page ? (
        <CustomersTable page={page} searched={q !== ""} isLaterPage={Boolean(after)} />
      ) : null}
    </>
  );
}
