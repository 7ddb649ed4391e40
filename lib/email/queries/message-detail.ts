import "server-only";
import { z } from "zod";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { SENDGRID } from "@/lib/integrations/providers/sendgrid/names";
import { sendingAvailability } from "../circuit";
import { explainReason } from "../reasons";
import { customerOfAddress } from "@/lib/customers/owner";
import { activeSuppressions } from "../suppressions";

const uuid = z.uuid();

export type TimelineEntry =
  | { kind: "logged"; at: string; by: string | null }
  | {
      kind: "api-call";
      at: string;
      attempt: number;
      outcome: string;
      status: number | null;
      durationMs: number;
      errorCode: string | null;
    }
  | {
      kind: "event";
      at: string;
      receivedAt: string;
      type: string;
      reason: string | null;
      explanation: string | null;
      detail: string | null;
    };

const KIND_ORDER: Record<TimelineEntry["kind"], number> = { logged: 0, "api-call": 1, event: 2 };

/**
 * Oldest first. SendGrid's event times are whole seconds, so within one second the console's own
 * steps (logged, then the call) come before the events that call caused.
 */
function timelineOrder(a: TimelineEntry, b: TimelineEntry): number {
  return (
    a.at.slice(0, 19).localeCompare(b.at.slice(0, 19)) ||
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    a.at.localeCompare(b.at)
  );
}

function kindOf(type: string): "bounce" | "dropped" | "deferred" | null {
  return type === "bounce" || type === "dropped" || type === "deferred" ? type : null;
}

/**
 * One message with everything support needs: its send request, a timeline of the API calls made
 * for it and the events SendGrid reported (reasons in plain words), the recipient's suppressions,
 * the message it resends and its own resends, and whether a resend is possible right now.
 */
export async function getMessageDetail(options: { actor: Actor; id: string }) {
  await authorize(options.actor, "console:read", { resource: `email:${options.id}` });
  const id = uuid.safeParse(options.id);
  const db = getDb();
  const message = id.success ? await db.emailMessage.findUnique({ where: { id: id.data } }) : null;
  if (!message) throw new AppError("NOT_FOUND", "There is no such email.");
  const [request, events, calls, resends, original, suppressions, availability, customerId] =
    await Promise.all([
      db.emailSendRequest.findUnique({ where: { id: message.requestId } }),
      db.emailEvent.findMany({
        where: { messageId: message.id },
        orderBy: [{ occurredAt: "asc" }, { receivedAt: "asc" }],
        take: 500,
      }),
      db.apiCall.findMany({
        where: { provider: SENDGRID, correlationId: message.requestId },
        orderBy: { createdAt: "asc" },
        take: 100,
      }),
      db.emailMessage.findMany({
        where: { resendOfId: message.id },
        orderBy: { createdAt: "asc" },
        select: { id: true, createdAt: true, status: true, createdByEmail: true },
      }),
      message.resendOfId
        ? db.emailMessage.findUnique({
            where: { id: message.resendOfId },
            select: { id: true, createdAt: true, status: true },
          })
        : null,
      activeSuppressions(message.recipientKey),
      sendingAvailability(),
      customerOfAddress(message.recipientKey),
    ]);
  const logged: TimelineEntry = {
    kind: "logged",
    at: message.createdAt.toISOString(),
    by: message.createdByEmail,
  };
  const timeline: TimelineEntry[] = [
    logged,
    ...calls.map((call): TimelineEntry => ({
      kind: "api-call",
      at: call.createdAt.toISOString(),
      attempt: call.attempt,
      outcome: call.outcome,
      status: call.status,
      durationMs: call.durationMs,
      errorCode: call.errorCode,
    })),
    ...events.map((event): TimelineEntry => ({
      kind: "event",
      at: event.occurredAt.toISOString(),
      receivedAt: event.receivedAt.toISOString(),
      type: event.type,
      reason: event.reason ?? event.response,
      explanation: explainReason(event.reason ?? event.response, kindOf(event.type)),
      detail:
        event.type === "click"
          ? event.url
          : event.bounceType === "blocked"
            ? "Blocked (temporary)"
            : event.smtpStatus,
    })),
  ].sort(timelineOrder);
  const failureKind =
    message.status === "BOUNCED" ? "bounce" : message.status === "DROPPED" ? "dropped" : null;
  return {
    /** The customer across providers the recipient belongs to (lib/customers). */
    customerId,
    message: {
      id: message.id,
      createdAt: message.createdAt.toISOString(),
      recipient: message.recipient,
      templateId: message.templateId,
      templateName: message.templateName,
      dataHash: message.dataHash,
      status: message.status,
      statusAt: message.statusAt.toISOString(),
      providerMessageId: message.providerMessageId,
      attempts: message.attempts,
      lastError: message.lastError,
      failureReason: message.failureReason,
      failureExplanation: failureKind ? explainReason(message.failureReason, failureKind) : null,
      bounceType: message.bounceType,
      openCount: message.openCount,
      clickCount: message.clickCount,
      sentAt: message.sentAt?.toISOString() ?? null,
      bulkSendId: message.bulkSendId,
      createdByEmail: message.createdByEmail,
    },
    request: request
      ? {
          state: request.state,
          attempts: request.attempts,
          lastError: request.lastError,
          nextAttemptAt: request.nextAttemptAt?.toISOString() ?? null,
          size: request.size,
        }
      : null,
    timeline,
    suppressions,
    original: original
      ? { id: original.id, createdAt: original.createdAt.toISOString(), status: original.status }
      : null,
    resends: resends.map((resend) => ({
      id: resend.id,
      createdAt: resend.createdAt.toISOString(),
      status: resend.status,
      by: resend.createdByEmail,
    })),
    sending: {
      available: availability.available,
      reason: availability.reason,
      nextTrialAt: availability.nextTrialAt?.toISOString() ?? null,
    },
  };
}

export type MessageDetail = Awaited<ReturnType<typeof getMessageDetail>>;
