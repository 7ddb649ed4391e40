import type { TimelineEntry } from "@/lib/email/queries/message-detail";
import { formatTime } from "./format";

const EVENT_LABELS: Record<string, string> = {
  processed: "SendGrid accepted it for delivery",
  deferred: "Delivery deferred: the receiving server asked to try later",
  delivered: "Delivered to the recipient's mail server",
  open: "Opened",
  click: "Link clicked",
  bounce: "Bounced",
  dropped: "Dropped by SendGrid",
  spamreport: "Reported as spam",
  unsubscribe: "Unsubscribed from all email",
  group_unsubscribe: "Unsubscribed from a group",
  group_resubscribe: "Resubscribed to a group",
};

const OUTCOME_LABELS: Record<string, string> = {
  SUCCESS: "accepted",
  HTTP_ERROR: "refused",
  NETWORK_ERROR: "no connection",
  TIMEOUT: "timed out",
  CIRCUIT_OPEN: "not sent: circuit open",
  RATE_LIMITED: "not sent: rate limited",
};

function Entry({ entry }: { entry: TimelineEntry }) {
  switch (entry.kind) {
    case "logged":
      return (
        <>
          <p className="font-medium">Logged, ready to send</p>
          {entry.by ? <p className="text-xs text-slate-500">by {entry.by}</p> : null}
        </>
      );
    case "api-call":
      return (
        <>
          <p className="font-medium">
            {`SendGrid API call${entry.attempt > 1 ? ` (attempt ${entry.attempt})` : ""}: `}
            {OUTCOME_LABELS[entry.outcome] ?? entry.outcome}
            {entry.status ? ` (HTTP ${entry.status})` : ""}
          </p>
          <p className="text-xs text-slate-500">
            POST /v3/mail/send, {entry.durationMs} ms{entry.errorCode ? `, ${entry.errorCode}` : ""}
          </p>
        </>
      );
    case "event":
      return (
        <>
          <p className="font-medium">{EVENT_LABELS[entry.type] ?? entry.type}</p>
          {entry.explanation ? (
            <p className="text-sm" data-testid="event-explanation">
              {entry.explanation}
            </p>
          ) : null}
          {entry.reason ? (
            <p className="break-words text-xs text-slate-500">SendGrid said: {entry.reason}</p>
          ) : null}
          {entry.detail ? <p className="break-all text-xs text-slate-500">{entry.detail}</p> : null}
          <p className="text-xs text-slate-400">received {formatTime(entry.receivedAt)}</p>
        </>
      );
  }
}

/** What happened to the message, oldest first: our log, our calls to SendGrid, SendGrid's events. */
export function MessageTimeline({ entries }: { entries: TimelineEntry[] }) {
  return (
    <ol className="space-y-3" data-testid="email-timeline">
      {entries.map((entry, index) => (
        <li
          key={`${entry.kind}-${entry.at}-${index}`}
          className="grid grid-cols-[11rem_1fr] gap-3 text-sm"
        >
          <span className="whitespace-nowrap text-xs text-slate-500">{formatTime(entry.at)}</span>
          <div className="min-w-0 border-l-2 border-slate-200 pl-3 dark:border-slate-700">
            <Entry entry={entry} />
          </div>
        </li>
      ))}
    </ol>
  );
}
