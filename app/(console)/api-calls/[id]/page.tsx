import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CopyButton } from "@/components/api-calls/copy-button";
import { formatDuration } from "@/components/api-calls/format";
import { OutcomeBadge } from "@/components/api-calls/outcome-badge";
import { getApiCall } from "@/lib/api-calls/queries";
import { requirePageActor } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "API call" };

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs uppercase text-slate-500">{label}</dt>
      <dd className="mt-0.5 break-all text-sm">{children}</dd>
    </div>
  );
}

function Body({ title, value, empty }: { title: string; value: unknown; empty: string }) {
  return (
    <section className="min-w-0 rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <h2 className="border-b border-slate-200 px-4 py-2 text-sm font-semibold dark:border-slate-800">
        {title}
      </h2>
      {value === null || value === undefined ? (
        <p className="p-4 text-sm text-slate-500">{empty}</p>
      ) : (
        <pre className="max-h-[32rem] overflow-auto whitespace-pre-wrap break-all p-4 font-mono text-xs">
          {JSON.stringify(value, null, 2)}
        </pre>
      )}
    </section>
  );
}

export default async function ApiCallPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePageActor(`/api-calls/${id}`);
  const call = await getApiCall({ actor, id }).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  return (
    <div className="space-y-6">
      <div>
        <Link
          href="/api-calls"
          className="text-sm text-indigo-700 hover:underline dark:text-indigo-300"
        >
          ← API calls
        </Link>
        <h1 className="mt-2 break-all font-mono text-xl font-semibold" data-testid="api-call-title">
          {call.method} {call.path}
        </h1>
        <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600 dark:text-slate-400">
          <OutcomeBadge outcome={call.outcome} status={call.status} />
          <span>
            {call.provider} · <span className="font-mono">{call.operation}</span>
          </span>
          <span>· {formatDuration(call.durationMs)}</span>
          <span>· attempt {call.attempt}</span>
        </p>
      </div>
      <dl className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4 dark:border-slate-800 dark:bg-slate-900">
        <Fact label="When (UTC)">
          {call.createdAt.toISOString().replace("T", " ").slice(0, 23)}
        </Fact>
        <Fact label="Caused by">
          {call.actorEmail ? (
            <Link
              href={`/api-calls?actor=${encodeURIComponent(call.actorEmail)}`}
              className="text-indigo-700 hover:underline dark:text-indigo-300"
            >
              {call.actorEmail}
            </Link>
          ) : (
            "the system (a job or a webhook)"
          )}
        </Fact>
        <Fact label="Correlation id">
          {call.correlationId ? (
            <Link
              href={`/api-calls?correlationId=${encodeURIComponent(call.correlationId)}`}
              className="font-mono text-indigo-700 hover:underline dark:text-indigo-300"
            >
              {call.correlationId}
            </Link>
          ) : (
            "none"
          )}
        </Fact>
        <Fact label="Error code">{call.errorCode ?? "none"}</Fact>
        <Fact label="Provider request id">
          <span className="font-mono">{call.providerRequestId ?? "none"}</span>
        </Fact>
        <Fact label="Idempotency key">
          <span className="font-mono">{call.idempotencyKey ?? "none"}</span>
        </Fact>
      </dl>
      <div className="grid gap-6 lg:grid-cols-2">
        <Body
          title="Request body (redacted)"
          value={call.requestBody}
          empty="The call sent no body."
        />
        <Body
          title="Response body (redacted)"
          value={call.responseBody}
          empty={
            call.status === null
              ? "No response: the call never reached the provider or got no answer."
              : "The provider answered with an empty body."
          }
        />
      </div>
      <section className="rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 px-4 py-2 dark:border-slate-800">
          <h2 className="text-sm font-semibold">As a curl command</h2>
          <CopyButton text={call.curl} label="Copy as curl" />
        </div>
        <p className="px-4 pt-3 text-xs text-slate-500">
          Secrets are never shown: credentials appear as [REDACTED] and the body is the redacted
          copy from the log. Put your own key in before running it.
        </p>
        <pre
          className="overflow-auto whitespace-pre-wrap break-all p-4 font-mono text-xs"
          data-testid="api-call-curl"
        >
          {call.curl}
        </pre>
      </section>
    </div>
  );
}
