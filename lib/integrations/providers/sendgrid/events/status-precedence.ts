import { EmailStatus } from "@/lib/db/generated/enums";

/**
 * The one place that decides what a message's status is when SendGrid's events arrive late, out
 * of order and more than once. A status only ever moves up this ranking, so the result of a set
 * of events is the same whatever order they come in:
 *
 * - QUEUED and FAILED are the console's own; any sign of life from SendGrid outranks them.
 * - SENT (accepted) < PROCESSED < DEFERRED < DELIVERED: the delivery pipeline, in order.
 * - OPENED and CLICKED imply delivery, so an open that arrives before `delivered` still counts,
 *   and the late `delivered` does not take the message back down.
 * - BOUNCED and DROPPED end the story: a late `delivered` (or `open`) never undoes a bounce, and
 *   whichever of the two came first stays.
 */
export const STATUS_RANK: Readonly<Record<EmailStatus, number>> = {
  QUEUED: 0,
  FAILED: 1,
  SENT: 2,
  PROCESSED: 3,
  DEFERRED: 4,
  DELIVERED: 5,
  OPENED: 6,
  CLICKED: 7,
  BOUNCED: 8,
  DROPPED: 8,
};

/** The status an event type implies; null for types that say nothing about delivery. */
export function statusForEvent(type: string): EmailStatus | null {
  switch (type) {
    case "processed":
      return "PROCESSED";
    case "deferred":
      return "DEFERRED";
    case "delivered":
      return "DELIVERED";
    case "open":
      return "OPENED";
    case "click":
      return "CLICKED";
    case "bounce":
      return "BOUNCED";
    case "dropped":
      return "DROPPED";
    // A recipient who reports spam or unsubscribes has received the message.
    case "spamreport":
    case "unsubscribe":
    case "group_unsubscribe":
    case "group_resubscribe":
      return "DELIVERED";
    default:
      return null;
  }
}

/** The status after `incoming`: the higher ranked of the two; on a tie the current one stays. */
export function nextStatus(current: EmailStatus, incoming: EmailStatus | null): EmailStatus {
  if (incoming === null) return current;
  return STATUS_RANK[incoming] > STATUS_RANK[current] ? incoming : current;
}

/** The statuses a successful send may replace: none of them came from SendGrid's events. */
export const STATUSES_BEFORE_ACCEPTED: readonly EmailStatus[] = Object.values(EmailStatus).filter(
  (status) => STATUS_RANK[status] < STATUS_RANK.SENT,
);
