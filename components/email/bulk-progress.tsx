"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { z } from "zod";
import { Notice } from "@/components/ui/notice";
import { formatTime } from "./format";
import { ProgressBar } from "./progress-bar";
import { StatusBadge } from "./status-badge";

const progressSchema = z.object({
  total: z.number(),
  queued: z.number(),
  sending: z.number(),
  sent: z.number(),
  failed: z.number(),
  complete: z.boolean(),
  completedAt: z.string().nullable(),
});
export const bulkSendSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  templateName: z.string(),
  fileName: z.string(),
  recipients: z.number(),
  requests: z.number(),
  createdByEmail: z.string().nullable(),
  progress: progressSchema.nullable().optional(),
  notes: z.array(
    z.object({
      seq: z.number(),
      state: z.string(),
      size: z.number(),
      lastError: z.string().nullable(),
      nextAttemptAt: z.string().nullable(),
    }),
  ),
  summary: z.array(z.object({ status: z.string(), count: z.number() })).nullable(),
});
export type BulkSendView = z.infer<typeof bulkSendSchema>;
const answer = z.object({ success: z.literal(true), data: bulkSendSchema });

async function fetchBulk(id: string): Promise<BulkSendView> {
  const response = await fetch(`/api/bulk-sends/${id}`);
  const parsed = answer.safeParse(await response.json().catch(() => null));
  if (!parsed.success)
    throw new Error(`The progress could not be loaded (HTTP ${response.status}).`);
  return parsed.data.data;
}

/** A bulk send's live progress, polled every second until every request is settled. */
export function BulkProgress({ initial }: { initial: BulkSendView }) {
  const query = useQuery({
    queryKey: ["bulk-send", initial.id],
    queryFn: () => fetchBulk(initial.id),
    initialData: initial,
    refetchInterval: (current) => (current.state.data?.progress?.complete ? false : 1_000),
  });
  const send = query.data;
  const progress = send.progress;
  const total = progress?.total ?? send.recipients;
  const settled = (progress?.sent ?? 0) + (progress?.failed ?? 0);
  return (
    <div className="space-y-6">
      <section className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        <ProgressBar done={settled} total={total} label="Bulk send progress" />
        <dl className="grid grid-cols-2 gap-4 text-sm sm:grid-cols-4" data-testid="bulk-counts">
          <div>
            <dt className="text-xs uppercase text-slate-500">Queued</dt>
            <dd className="text-lg font-semibold">
              {(progress?.queued ?? 0).toLocaleString("en")}
            </dd>
          </div>
          <div>
            <dt className="text-xs uppercase text-slate-500">Sending</dt>
            <dd className="text-lg font-semibold">
              {(progress?.sending ?? 0).toLocaleString("en")}
            </dd>
          </div>
          <div>
            <dt className="text-xs uppercase text-slate-500">Sent</dt>
            <dd className="text-lg font-semibold" data-testid="bulk-sent">
              {(progress?.sent ?? 0).toLocaleString("en")}
            </dd>
          </div>
          <div>
            <dt className="text-xs uppercase text-slate-500">Failed</dt>
            <dd className="text-lg font-semibold">
              {(progress?.failed ?? 0).toLocaleString("en")}
            </dd>
          </div>
        </dl>
        {progress?.complete ? (
          <Notice ok={progress.failed === 0}>
            Finished {formatTime(progress.completedAt)}: {progress.sent.toLocaleString("en")}{" "}
            accepted by SendGrid
            {progress.failed > 0 ? `, ${progress.failed.toLocaleString("en")} failed` : ""}.
          </Notice>
        ) : null}
        {query.isError ? <Notice ok={false}>{query.error.message}</Notice> : null}
        {send.notes.length > 0 ? (
          <ul className="space-y-1 text-sm text-slate-600 dark:text-slate-400">
            {send.notes.map((note) => (
              <li key={note.seq}>
                Request {note.seq + 1} ({note.size} recipients, {note.state.toLowerCase()}):{" "}
                {note.lastError}
                {note.nextAttemptAt ? ` Next attempt ${formatTime(note.nextAttemptAt)}.` : ""}
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      {send.summary ? (
        <section
          data-testid="bulk-summary"
          className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
        >
          <h2 className="font-semibold">Result summary</h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            Where the messages stand by SendGrid&apos;s events so far; bounces and opens keep
            arriving for a while.
          </p>
          <table className="mt-3 text-sm">
            <tbody>
              {send.summary.map((row) => (
                <tr key={row.status}>
                  <td className="py-1 pr-6">
                    <StatusBadge status={row.status} />
                  </td>
                  <td className="py-1 text-right font-medium">{row.count.toLocaleString("en")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <p className="text-sm">
        <Link
          href={`/emails?bulk=${send.id}`}
          className="text-indigo-700 underline dark:text-indigo-300"
        >
          Results per recipient
        </Link>{" "}
        ·{" "}
        <a
          href={`/api/emails/export?bulk=${send.id}`}
          className="text-indigo-700 underline dark:text-indigo-300"
        >
          Export them as CSV
        </a>
      </p>
    </div>
  );
}
