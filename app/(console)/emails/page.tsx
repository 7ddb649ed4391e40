import type { Metadata } from "next";
import Link from "next/link";
import { MessageFilters } from "@/components/email/message-filters";
import { MessagesTable } from "@/components/email/messages-table";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageActor } from "@/lib/auth/session";
import { filterParams, messageFilterSchema } from "@/lib/email/queries/filters";
import { listLoggedTemplates } from "@/lib/email/queries/logged-templates";
import { listMessages } from "@/lib/email/queries/list-messages";
import { getRecipientSuppressions, type SuppressionView } from "@/lib/email/suppressions";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Emails" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function single(params: Record<string, string | string[] | undefined>) {
  return Object.fromEntries(
    Object.entries(params).flatMap(([key, value]) =>
      typeof value === "string" ? [[key, value]] : [],
    ),
  );
}

export default async function EmailsPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requirePageActor("/emails");
  const params = single(await searchParams);
  const templates = await listLoggedTemplates({ actor });
  let page: Awaited<ReturnType<typeof listMessages>> | null = null;
  let problem: string | null = null;
  try {
    page = await listMessages({ actor, input: params });
  } catch (error) {
    if (!isAppError(error)) throw error;
    problem = error.userMessage;
  }
  // Searching one recipient: say first whether the address is suppressed, and why.
  const searched = params.q?.includes("@") ? params.q.trim() : null;
  const suppressions: SuppressionView[] = searched
    ? await getRecipientSuppressions({ actor, address: searched })
    : [];
  const filter = messageFilterSchema.safeParse(params);
  const query = filter.success ? filterParams(filter.data) : new URLSearchParams();
  const nextHref = page?.next
    ? `/emails?${new URLSearchParams([...query, ["after", page.next]]).toString()}`
    : null;
  return (
    <>
      <PageHeader
        title="Emails"
        description="Every email sent through SendGrid, newest first, with where it stands according to SendGrid's events. Search a recipient to answer “did my email arrive?”, and open a message to see its history or resend it."
      >
        <Link
          href="/emails/unmatched"
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          Unmatched events
        </Link>
      </PageHeader>
      <section className="rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <MessageFilters
          values={params}
          templates={templates}
          exportHref={`/api/emails/export?${query.toString()}`}
        />
        {params.bulk ? (
          <p className="border-b border-slate-200 px-4 py-2 text-sm dark:border-slate-800">
            Showing the recipients of one{" "}
            <Link
              href={`/bulk-sends/${params.bulk}`}
              className="text-indigo-700 underline dark:text-indigo-300"
            >
              bulk send
            </Link>
            .
          </p>
        ) : null}
        {suppressions.length > 0 ? (
          <p
            role="status"
            data-testid="recipient-suppressed"
            className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-950 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100"
          >
            <span className="break-all">{searched}</span> is suppressed:{" "}
            {suppressions.map((item) => item.label.toLowerCase()).join("; ")}.
          </p>
        ) : null}
        {problem ? (
          <Notice ok={false} className="m-3">
            {problem}
          </Notice>
        ) : (
          <MessagesTable
            rows={(page?.messages ?? []).map((row) => ({
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
              href={`/emails?${query.toString()}`}
              className="text-indigo-700 hover:underline dark:text-indigo-300"
            >
              ← First page
            </Link>
          ) : (
            <span />
          )}
          {nextHref ? (
            <Link href={nextHref} className="text-indigo-700 hover:underline dark:text-indigo-300">
              Older emails →
            </Link>
          ) : (
            <span className="text-slate-500">End of the list</span>
          )}
        </nav>
      </section>
    </>
  );
}
