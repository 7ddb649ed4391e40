import type { Metadata } from "next";
import Link from "next/link";
import { BulkSendForm } from "@/components/email/bulk-send-form";
import { formatTime } from "@/components/email/format";
import { ProgressBar } from "@/components/email/progress-bar";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageActor } from "@/lib/auth/session";
import { listBulkSends } from "@/lib/email/bulk/queries";
import { listEmailTemplates } from "@/lib/email/templates";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Bulk sends" };

export default async function BulkSendsPage() {
  const actor = await requirePageActor("/bulk-sends", "emails:send");
  const [sends, templates] = await Promise.all([
    listBulkSends({ actor }),
    listEmailTemplates({ actor }).then(
      (list) => ({ list, error: null }),
      (error: unknown) => {
        if (!isAppError(error)) throw error;
        return {
          list: [],
          error: `The templates could not be loaded from SendGrid: ${error.userMessage}`,
        };
      },
    ),
  ]);
  return (
    <>
      <PageHeader
        title="Bulk sends"
        description="Send a SendGrid template to a list of recipients. Each recipient is logged first and sent in requests of up to 1,000, at SendGrid's rate limit; a send survives restarts without sending anyone twice."
      />
      <div className="grid gap-8 xl:grid-cols-[1fr_28rem]">
        <section className="rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <h2 className="border-b border-slate-200 px-4 py-3 font-semibold dark:border-slate-800">
            Recent bulk sends
          </h2>
          {sends.length === 0 ? (
            <p className="p-6 text-sm text-slate-500">No bulk send yet.</p>
          ) : (
            <ul
              className="divide-y divide-slate-100 dark:divide-slate-800"
              data-testid="bulk-sends"
            >
              {sends.map((send) => (
                <li key={send.id} className="space-y-2 px-4 py-3">
                  <div className="flex flex-wrap items-baseline justify-between gap-2">
                    <Link
                      href={`/bulk-sends/${send.id}`}
                      className="min-w-0 break-words font-medium text-indigo-700 hover:underline dark:text-indigo-300"
                    >
                      {send.templateName}
                    </Link>
                    <span className="text-xs text-slate-500">{formatTime(send.createdAt)}</span>
                  </div>
                  <p className="text-xs text-slate-500">
                    <span className="break-all">{send.fileName}</span> ·{" "}
                    {send.recipients.toLocaleString("en")} recipients
                    {send.createdByEmail ? ` · ${send.createdByEmail}` : ""}
                  </p>
                  {send.progress ? (
                    <ProgressBar
                      done={send.progress.sent + send.progress.failed}
                      total={send.progress.total}
                      label={`Progress of ${send.fileName}`}
                    />
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </section>
        <BulkSendForm templates={templates.list} templatesError={templates.error} />
      </div>
    </>
  );
}
