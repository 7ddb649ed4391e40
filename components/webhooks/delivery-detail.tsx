import type { PayloadView } from "@/lib/webhooks/payload";
import type { RejectionHint } from "@/lib/webhooks/rejection-hints";
import { EventTypeText } from "./event-type";
import { ReplayOne } from "./replay-one";
import { DeliveryStatusBadge } from "./status-badge";

export interface DeliveryDetailProps {
  id: string;
  provider: string;
  eventId: string | null;
  eventType: string | null;
  status: string;
  attempts: number;
  lastError: string | null;
  rejectReason: string | null;
  sourceIp: string | null;
  occurredAt: string;
  receivedAt: string;
  processedAt: string;
  updatedAt: string;
  repeats: number;
  lastRepeatAt: string;
  payload: PayloadView;
  hint: RejectionHint | null;
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs uppercase text-slate-500">{label}</dt>
      <dd className="mt-0.5 break-words text-sm">{children}</dd>
    </div>
  );
}

const REPLAYABLE = new Set(["RECEIVED", "PROCESSING", "FAILED", "DEAD_LETTERED"]);

export function DeliveryDetailView({
  delivery,
  canReplay,
}: {
  delivery: DeliveryDetailProps;
  canReplay: boolean;
}) {
  const payload = delivery.payload;
  return (
    <>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0 max-w-4xl">
          <h1
            className={`break-words font-semibold ${(delivery.eventType?.length ?? 0) > 60 ? "text-xl" : "text-2xl"}`}
          >
            {delivery.eventType ? <EventTypeText type={delivery.eventType} /> : "Rejected delivery"}
          </h1>
          <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600 dark:text-slate-400">
            <DeliveryStatusBadge status={delivery.status} />
            <span>from {delivery.provider}</span>
          </p>
        </div>
        {canReplay && REPLAYABLE.has(delivery.status) ? (
          <ReplayOne deliveryId={delivery.id} />
        ) : null}
      </div>

      {delivery.hint ? (
        <section
          data-testid="rejection-hint"
          data-cause={delivery.hint.cause}
          className="rounded-lg border border-fuchsia-200 bg-fuchsia-50 p-4 text-sm text-fuchsia-950 dark:border-fuchsia-900 dark:bg-fuchsia-950 dark:text-fuchsia-100"
        >
          <h2 className="font-semibold">{delivery.hint.title}</h2>
          <p className="mt-1 break-words">
            <span className="font-medium">Reason given:</span> {delivery.rejectReason ?? "—"}
          </p>
          <p className="mt-2">
            <span className="font-medium">What to do:</span> {delivery.hint.fix}
          </p>
          {delivery.repeats > 0 ? (
            <p className="mt-2">
              {delivery.repeats.toLocaleString("en")} more rejections during a flood were counted on
              this row instead of being stored (last at {delivery.lastRepeatAt}).
            </p>
          ) : null}
        </section>
      ) : null}

      {delivery.lastError && delivery.status !== "PROCESSED" ? (
        <section className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100">
          <h2 className="font-semibold">Processing error</h2>
          <p className="mt-1 break-words" data-testid="processing-error">
            {delivery.lastError}
          </p>
          <p className="mt-2">
            {delivery.status === "DEAD_LETTERED"
              ? "Every attempt failed. Fix the cause, then replay it: its effect is applied once."
              : "The job tries again with backoff."}
          </p>
        </section>
      ) : null}

      <section className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <Fact label="Event id">
            <span className="break-all font-mono text-xs">{delivery.eventId ?? "—"}</span>
          </Fact>
          <Fact label="Attempts">{delivery.attempts.toLocaleString("en")}</Fact>
          <Fact label="Occurred">{delivery.occurredAt}</Fact>
          <Fact label="Received">{delivery.receivedAt}</Fact>
          <Fact label="Processed">{delivery.processedAt}</Fact>
          <Fact label="Last change">{delivery.updatedAt}</Fact>
          {delivery.sourceIp ? <Fact label="Sent from">{delivery.sourceIp}</Fact> : null}
          <Fact label="Delivery id">
            <span className="break-all font-mono text-xs">{delivery.id}</span>
          </Fact>
        </dl>
      </section>

      <section className="rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <div className="flex flex-wrap items-baseline justify-between gap-2 border-b border-slate-200 px-4 py-2 dark:border-slate-800">
          <h2 className="font-semibold">Payload</h2>
          <p className="text-xs text-slate-500">
            {payload.size.toLocaleString("en")} characters stored · secrets redacted
            {payload.truncated ? " · showing the first 64 KiB" : ""}
            {delivery.status === "REJECTED"
              ? " · at most the first 2 KiB of a rejected body is kept"
              : ""}
          </p>
        </div>
        <pre
          data-testid="delivery-payload"
          className="max-h-[32rem] overflow-auto whitespace-pre-wrap break-all p-4 font-mono text-xs"
        >
          {payload.text || "(empty body)"}
        </pre>
      </section>
    </>
  );
}
