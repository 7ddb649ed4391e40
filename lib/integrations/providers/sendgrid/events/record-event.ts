import { randomUUID } from "node:crypto";
import { Prisma } from "@/lib/db/generated/client";
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
  const eventId = randomUUID();
  const details = {
    id: eventId,
    reason: stored(effect.reason),
    smtpStatus: stored(effect.smtpStatus, 20),
    bounceType: stored(effect.bounceType, 40),
    response: stored(effect.response),
    url: stored(effect.url, 2_000),
  };
  const insertEvent = Prisma.sql`
    INSERT INTO "EmailEvent"
      ("id", "deliveryId", "sgEventId", "type", "email", "emailKey", "occurredAt", "sgMessageId",
       "messageId", "reason", "smtpStatus", "bounceType", "response", "url", "attempt", "asmGroupId")
    VALUES (${eventId}::uuid, ${context.delivery.id}::uuid, ${context.delivery.eventId}, ${event.event},
            ${event.email}, ${emailKey}, ${occurredAt}, ${event.sg_message_id ?? null},
            ${message?.id ?? null}::uuid, ${details.reason}, ${details.smtpStatus}, ${details.bounceType},
            ${details.response}, ${details.url}, ${effect.attempt ?? null}, ${effect.asmGroupId ?? null})`;
  if (effect.suppression) {
    await tx.$executeRaw(insertEvent);
    await setSuppression(context, {
      emailKey,
      ...effect.suppression,
      at: occurredAt,
      detail: details.reason,
      sourceEventId: eventId,
    });
  }
  if (!message) {
    if (!effect.suppression) await tx.$executeRaw(insertEvent);
    return;
  }
  const status = nextStatus(message.status, statusForEvent(event.event));
  const changed = status !== message.status;
  const failed = changed && FAILURE_STATUSES.has(status);
  // An event for a message whose send answer was lost tells us SendGrid's id for it.
  const learnedId =
    message.providerMessageId === null && event.sg_message_id
      ? xMessageIdOf(event.sg_message_id)
      : null;
  // The event and its effect on the message in one statement: most events are applied one per
  // transaction, and each round trip counts on a busy inbox.
  await tx.$executeRaw`
    WITH stored_event AS (${effect.suppression ? Prisma.sql`SELECT 1` : insertEvent})
    UPDATE "EmailMessage" SET
      "status" = ${status}::"EmailStatus",
      "statusAt" = CASE WHEN ${changed} THEN ${occurredAt} ELSE "statusAt" END,
      "failureReason" = CASE WHEN ${failed} THEN ${details.reason} ELSE "failureReason" END,
      "bounceType" = CASE WHEN ${failed} THEN ${details.bounceType} ELSE "bounceType" END,
      "providerMessageId" = COALESCE("providerMessageId", ${learnedId}),
      "openCount" = "openCount" + ${effect.countsOpen ? 1 : 0},
      "clickCount" = "clickCount" + ${effect.countsClick ? 1 : 0},
      "spamReportedAt" = CASE WHEN ${effect.spamReport === true} THEN ${occurredAt} ELSE "spamReportedAt" END,
      "unsubscribedAt" = CASE WHEN ${effect.unsubscribe === true} THEN ${occurredAt} ELSE "unsubscribedAt" END,
      "updatedAt" = now()
    WHERE "id" = ${message.id}::uuid`;
}
