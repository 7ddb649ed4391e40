import type { Metadata } from "next";
import Link from "next/link";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageActor } from "@/lib/auth/session";
import { listUnmatchedEvents } from "@/lib/email/queries/unmatched-events";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Unmatched email events" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function UnmatchedEventsPage({
  searchParams,
}: {
  searchParams: SearchParams;
}) {
  const actor = await requirePageActor("/emails/unmatched");
  const raw = await searchParams;
  const input = Object.fromEntries(
    Object.entries(raw).flatMap(([key, value]) =>
      typeof value === "string" ? [[key, value]] : [],
    ),
  );
  let page: Awaited<ReturnType<typeof listUnmatchedEvents>> | null = null;
  let problem: string | null = null;
  try {
    page = await listUnmatchedEvents({ actor, input });
  } catch (error) {
    if (!isAppError(error)) throw error;
    problem = error.userMessage;
  }
  const events = page?.events ?? [];
  return (
    <>
      <PageHeader
        title="Unmatched email events"
        description="Events SendGrid reported that match no email this console sent: mail sent by other systems on the same SendGrid account, or late events for messages the console no longer holds. They are kept here rather than dropped."
      >
        <Link
          href="/emails"
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          Back to emails
        </Link>
      </PageHeader>
      <section className="rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <form
          method="get"
          role="search"
          className="flex flex-wrap items-end gap-2 border-b border-slate-200 p-3 dark:border-slate-800"
        >
          <label className="text-sm">
            <span className="block text-xs text-slate-500">Recipient</span>
            <input
              name="q"
              type="search"
              maxLength={320}
              defaultValue={input.q ?? ""}
              className="mt-1 rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-950"
            />
          </label>
          <button
            type="submit"
            className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500"
          >
            Filter
          </button>
        </form>
        {problem ? (
          <Notice ok={false} className="m-3">
            {problem}
          </Notice>
        ) : events.length === 0 ? (
          <p className="p-6 text-sm text-slate-500">No unmatched events.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full table-fixed text-left text-sm" data-testid="unmatched-table">
              <colgroup>
                <col className="w-28" />
                <col className="w-64" />
                <col />
                <col className="w-64" />
              </colgroup>
              <thead className="text-xs uppercase text-slate-500">
                <tr>
                  <th className="px-4 py-2">Happened (UTC)</th>
                  <th className="px-4 py-2">Event</th>
                  <th className="px-4 py-2">Recipient</th>
                  <th className="px-4 py-2">SendGrid message id</th>
                </tr>
              </thead>
              <tbody>
                {events.map((event) => (
                  <tr
                    key={event.id}
                    className="border-t border-slate-100 align-top dark:border-slate-800"
                  >
                    <td className="whitespace-nowrap px-4 py-2 text-xs text-slate-500">
                      <span className="block">{event.occurredAt.slice(0, 10)}</span>
                      <span className="block">{event.occurredAt.slice(11, 19)}</span>
                    </td>
                    <td className="px-4 py-2">
                      {event.type}
                      {event.reason ? (
                        <div
                          className="line-clamp-3 break-words text-xs text-slate-500"
                          title={event.reason}
                        >
                          {event.reason}
                        </div>
                      ) : null}
                    </td>
                    <td className="break-all px-4 py-2">{event.email}</td>
                    <td className="break-all px-4 py-2 font-mono text-xs">
                      {event.sgMessageId ?? "none"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {page?.nextBefore ? (
          <div className="border-t border-slate-200 p-3 text-right text-sm dark:border-slate-800">
            <Link
              href={`/emails/unmatched?${new URLSearchParams({ ...(input.q ? { q: input.q } : {}), before: page.nextBefore }).toString()}`}
              className="text-indigo-700 hover:underline dark:text-indigo-300"
            >
              Older events →
            </Link>
          </div>
        ) : null}
      </section>
    </>
  );
}
