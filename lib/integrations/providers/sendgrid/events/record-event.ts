import type { EmailStatus, EmailSuppressionReason } from "@/lib/db/generated/enums";
import { sanitizeText } from "@/lib/integrations/core/sanitize";
import type { HandlerContext } from "../../types";
import { MESSAGE_ID_ARG } from "../names";
import { matchMessage, xMessageIdOf } from "./match-message";
import { nextStatus, statusForEvent } from "./status-precedence";
import { setSuppression } from "./suppress";
import type { BaseEvent } from "./wire-event";

/** What one event type does beyond moving the status. */
export interface EventEffect {
  reason?: string | null;
  smtpStatus?: string | null;
  bounceType?: string | null;
  response?: string | null;
  url?: string | null;
  attempt?: number | null;
  asmGroupId?: number | null;
  countsOpen?: boolean;
  countsClick?: boolean;
  spamReport?: boolean;
  unsubscribe?: boolean;
  suppression?: { reason: EmailSuppressionReason; groupId?: number; active: boolean };
}

const FAILURE_STATUSES: ReadonlySet<EmailStatus> = new Set(["BOUNCED", "DROPPED"]);

function stored(value: string | null | undefined, max = 1_000): string | null {
  return value ? sanitizeText(value, max) : null;
}

/**
 * Applies one SendGrid event, in the transaction that marks its inbox row processed: keeps the
 * event (matched to its message or not), moves the message's status by the precedence rules,
 * counts opens and clicks, and records suppressions.
 */
export async function recordEvent(
  context: HandlerContext,
  event: BaseEvent,
  effect: EventEffect = {},
): Promise<void> {
  const { tx } = context;
  const emailKey = event.email.trim().toLowerCase();
  const occurredAt = new Date(event.timestamp * 1000);
  const message = await matchMessage(context, {
    emailKey,
    sgMessageId: event.sg_message_id,
    consoleMessageId: event[MESSAGE_ID_ARG],
  });
  const row = await tx.emailEvent.create({
    data: {
      deliveryId: context.delivery.id,
      sgEventId: context.delivery.eventId,
      type: event.event,
      email: event.email,
      emailKey,
      occurredAt,
      sgMessageId: event.sg_message_id ?? null,
      messageId: message?.id ?? null,
      reason: stored(effect.reason),
      smtpStatus: stored(effect.smtpStatus, 20),
      bounceType: stored(effect.bounceType, 40),
      response: stored(effect.response),
      url: stored(effect.url, 2_000),
      attempt: effect.attempt ?? null,
      asmGroupId: effect.asmGroupId ?? null,
    },
    select: { id: true },
  });
  if (effect.suppression) {
    await setSuppression(context, {
      emailKey,
      ...effect.suppression,
      at: occurredAt,
      detail: stored(effect.reason),
      sourceEventId: row.id,
    });
  }
  if (!message) return;
  const status = nextStatus(message.status, statusForEvent(event.event));
  const changed = status !== message.status;
  await tx.emailMessage.update({
    where: { id: message.id },
    data: {
      ...(changed ? { status, statusAt: occurredAt } : {}),
      ...(changed && FAILURE_STATUSES.has(status)
        ? { failureReason: stored(effect.reason), bounceType: stored(effect.bounceType, 40) }
        : {}),
      // An event for a message whose send answer was lost tells us SendGrid's id for it.
      ...(message.providerMessageId === null && event.sg_message_id
        ? { providerMessageId: xMessageIdOf(event.sg_message_id) }
        : {}),
      ...(effect.countsOpen ? { openCount: { increment: 1 } } : {}),
      ...(effect.countsClick ? { clickCount: { increment: 1 } } : {}),
      ...(effect.spamReport ? { spamReportedAt: occurredAt } : {}),
      ...(effect.unsubscribe ? { unsubscribedAt: occurredAt } : {}),
    },
  });
}
