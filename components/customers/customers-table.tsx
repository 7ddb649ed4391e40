import Link from "next/link";
import { formatTime } from "@/components/email/format";
import type { CustomerPage } from "@/lib/customers/views";
import { LINK_KIND_LABEL } from "./link-label";

/** One page of customers, with the link to the next: keyset pages, so there is no page count. */
export function CustomersTable({
  page,
  searched,
  isLaterPage,
}: {
  page: CustomerPage;
  searched: boolean;
  isLaterPage: boolean;
}) {
  const nextHref = page.next
    ? `/customers?${new URLSearchParams({ ...(page.query ? { q: page.query } : {}), after: page.next }).toString()}`
    : null;
  if (page.items.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
        {searched
          ? `No customer matches “${page.query}”. An address must be complete; a name matches from its start.`
          : "No customers yet. A customer appears with its first payment or email."}
      </p>
    );
  }
  return (
    <div className="space-y-3">
      <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
        <table className="w-full table-fixed text-left text-sm">
          <thead className="bg-slate-50 text-xs uppercase text-slate-500 dark:bg-slate-900">
            <tr>
              <th className="w-[32%] px-3 py-2 font-medium">Customer</th>
              <th className="w-[40%] px-3 py-2 font-medium">Identifiers</th>
              <th className="px-3 py-2 font-medium">First seen</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200 bg-white dark:divide-slate-800 dark:bg-slate-950">
            {page.items.map((row) => (
              <tr key={row.id} data-testid="customer-row" className="align-top">
                <td className="px-3 py-2">
                  <Link
                    href={`/customers/${row.id}`}
                    className="block break-words font-medium text-indigo-700 underline dark:text-indigo-300"
                  >
                    {row.name ?? row.email ?? "Unnamed customer"}
                  </Link>
                  {row.name && row.email ? (
                    <span className="block break-all text-xs text-slate-500">{row.email}</span>
                  ) : null}
                  {row.matchedOn ? (
                    <span className="mt-1 block text-xs text-slate-500">{row.matchedOn}</span>
                  ) : null}
                </td>
                <td className="px-3 py-2">
                  <ul className="space-y-0.5">
                    {row.links.map((link) => (
                      <li key={`${link.kind}:${link.value}`} className="break-all text-xs">
                        <span className="text-slate-500">{LINK_KIND_LABEL[link.kind]}:</span>{" "}
                        <span className="font-mono">{link.value}</span>
                      </li>
                    ))}
                    {row.moreLinks > 0 ? (
                      <li className="text-xs text-slate-500">and {row.moreLinks} more</li>
                    ) : null}
                  </ul>
                </td>
                <td className="whitespace-nowrap px-3 py-2 text-xs text-slate-600 dark:text-slate-400">
                  {formatTime(row.createdAt)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav aria-label="Pages" className="flex gap-4 text-sm">
        {isLaterPage ? (
          <Link
            href={page.query ? `/customers?q=${encodeURIComponent(page.query)}` : "/customers"}
            className="text-indigo-700 underline dark:text-indigo-300"
          >
            ← First page
          </Link>
        ) : null}
        {nextHref ? (
          <Link href={nextHref} className="text-indigo-700 underline dark:text-indigo-300">
            Next page →
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
