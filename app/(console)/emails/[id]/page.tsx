import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CustomerTimelineLink } from "@/components/customers/customer-timeline-link";
import { formatTime } from "@/components/email/format";
import { MessageTimeline } from "@/components/email/message-timeline";
import { ResendPanel } from "@/components/email/resend-panel";
import { StatusBadge } from "@/components/email/status-badge";
import { can } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { getMessageDetail } from "@/lib/email/queries/message-detail";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Email" };

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs uppercase text-slate-500">{label}</dt>
      <dd className="mt-0.5 break-words text-sm">{children}</dd>
    </div>
  );
}

export default async function EmailPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePageActor(`/emails/${id}`);
  const detail = await getMessageDetail({ actor, id }).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const { message, request, suppressions } = detail;
  const failure =
    message.failureExplanation ??
    (message.status === "FAILED" || message.status === "QUEUED" ? message.lastError : null);
  return (
    <div className="space-y-6">
      <div>
        <Link
          href="/emails"
          className="text-sm text-indigo-700 hover:underline dark:text-indigo-300"
        >
          ← Emails
        </Link>
        <h1 className="mt-2 break-all text-2xl font-semibold" data-testid="email-recipient">
          {message.recipient}
        </h1>
        <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600 dark:text-slate-400">
          <StatusBadge status={message.status} />
          <span className="break-words">{message.templateName}</span>
        </p>
        <p className="mt-1 text-xs text-slate-500">
          Logged {formatTime(message.createdAt)}
          {message.createdByEmail ? ` by ${message.createdByEmail}` : ""}
        </p>
        <CustomerTimelineLink customerId={detail.customerId} with="payments" />
      </div>
      {suppressions.length > 0 ? (
        <p
          role="status"
          data-testid="suppression-notice"
          className="rounded-md bg-amber-50 p-3 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100"
        >
          This recipient is suppressed:{" "}
          {suppressions.map((item) => item.label.toLowerCase()).join("; ")}.
        </p>
      ) : null}
      {message.failureExplanation ? (
        <section
          data-testid="failure-reason"
          className="rounded-md bg-red-50 p-3 text-sm text-red-900 dark:bg-red-950 dark:text-red-100"
        >
          <p className="font-medium">{message.failureExplanation}</p>
          {message.failureReason ? (
            <p className="mt-1 break-words text-xs opacity-80">
              SendGrid said: {message.failureReason}
            </p>
          ) : null}
        </section>
      ) : null}
      <div className="grid gap-6 xl:grid-cols-[1fr_24rem]">
        <div className="space-y-6">
          <section className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
            <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
              <Fact label="Status since">{formatTime(message.statusAt)}</Fact>
              <Fact label="Sent to SendGrid">{formatTime(message.sentAt)}</Fact>
              <Fact label="SendGrid message id">
                <span className="font-mono text-xs">
                  {message.providerMessageId ?? "not yet known"}
                </span>
              </Fact>
              <Fact label="Attempts">{message.attempts}</Fact>
              <Fact label="Opens / clicks">
                {message.openCount} / {message.clickCount}
              </Fact>
              <Fact label="Template">
                <span className="font-mono text-xs">{message.templateId}</span>
              </Fact>
              <Fact label="Template data (SHA-256)">
                <span className="break-all font-mono text-xs">{message.dataHash}</span>
              </Fact>
              {request && request.state !== "ACCEPTED" ? (
                <Fact label="Sending">
                  {request.state === "PENDING" && request.nextAttemptAt
                    ? `Next attempt ${formatTime(request.nextAttemptAt)}`
                    : request.state.toLowerCase()}
                </Fact>
              ) : null}
              {message.lastError && message.status !== "FAILED" ? (
                <Fact label="Last error">{message.lastError}</Fact>
              ) : null}
              {message.status === "FAILED" && message.lastError ? (
                <Fact label="Why it failed">{message.lastError}</Fact>
              ) : null}
              {message.bulkSendId ? (
                <Fact label="Bulk send">
                  <Link
                    href={`/bulk-sends/${message.bulkSendId}`}
                    className="text-indigo-700 underline dark:text-indigo-300"
                  >
                    Open the bulk send
                  </Link>
                </Fact>
              ) : null}
              {detail.original ? (
                <Fact label="Resend of">
                  <Link
                    href={`/emails/${detail.original.id}`}
                    className="text-indigo-700 underline dark:text-indigo-300"
                  >
                    the email of {formatTime(detail.original.createdAt)}
                  </Link>
                </Fact>
              ) : null}
            </dl>
            {detail.resends.length > 0 ? (
              <div className="mt-4 text-sm">
                <p className="text-xs uppercase text-slate-500">Resent as</p>
                <ul className="mt-1 space-y-1">
                  {detail.resends.map((resend) => (
                    <li key={resend.id}>
                      <Link
                        href={`/emails/${resend.id}`}
                        className="text-indigo-700 underline dark:text-indigo-300"
                      >
                        {formatTime(resend.createdAt)}
                      </Link>{" "}
                      <StatusBadge status={resend.status} />
                      {resend.by ? <span className="text-slate-500"> by {resend.by}</span> : null}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </section>
          <section className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
            <h2 className="mb-3 font-semibold">Timeline</h2>
            <MessageTimeline entries={detail.timeline} />
          </section>
        </div>
        {can(actor.role, "emails:resend") ? (
          <ResendPanel
            messageId={message.id}
            recipient={message.recipient}
            failure={failure}
            suppressions={suppressions}
            sending={detail.sending}
          />
        ) : null}
      </div>
    </div>
  );
}
