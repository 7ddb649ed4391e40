import "server-only";
import { getDb, type Db } from "@/lib/db/client";
import type { EmailSendRequest } from "@/lib/db/generated/client";
import { sanitizeText } from "@/lib/integrations/core/sanitize";
import { currentSendgridSettings } from "@/lib/integrations/providers/sendgrid/current-settings";
import { xMessageIdOf } from "@/lib/integrations/providers/sendgrid/events/match-message";
import { STATUSES_BEFORE_ACCEPTED } from "@/lib/integrations/providers/sendgrid/events/status-precedence";
import { sendMail, type MailOutcome } from "@/lib/integrations/providers/sendgrid/mail/send-mail";
import { MAIL_SEND_ENDPOINT, SENDGRID } from "@/lib/integrations/providers/sendgrid/names";
import { getIntegrationCore } from "@/lib/integrations/runtime";
import { logger } from "@/lib/logger";
import { scheduleSend } from "./schedule";
import { recordReading, reserveRequest } from "./rate-window";

/** A rate-limit reset this close is waited for in the job; a later one gets a job of its own. */
const SHORT_WAIT_MS = 2_000;
/** A request still failing for reasons that may pass (outages) after this long is given up. */
const GIVE_UP_AFTER_MS = 24 * 3600 * 1000;

export interface ProcessOptions {
  requestId: string;
  db?: Db;
  now?: () => Date;
}

/** How long one send attempt can possibly still be running: SendGrid's deadline and a margin. */
function maxFlightMs(): number {
  return getIntegrationCore().definition(SENDGRID).timeouts.deadlineMs + 10_000;
}

function short(text: string): string {
  return sanitizeText(text, 500);
}

/**
 * One run of a send request's job. The request's state says what to do:
 * - ACCEPTED or FAILED: nothing, ever again.
 * - SENDING: an earlier run handed it to SendGrid and recorded no answer (it died, or the answer
 *   was lost). Sending again could send twice, so it is settled by SendGrid's events (see
 *   settleInterrupted) and sent again only when none came.
 * - PENDING: sent now, unless it is not yet due, or SendGrid's rate limit is spent.
 */
export async function processSendRequest(options: ProcessOptions): Promise<void> {
  const db = options.db ?? getDb();
  const now = options.now ?? (() => new Date());
  let request = await db.emailSendRequest.findUnique({ where: { id: options.requestId } });
  if (!request || request.state === "ACCEPTED" || request.state === "FAILED") return;
  if (request.state === "SENDING") {
    const settled = await settleInterrupted(db, request, now());
    if (!settled) return;
    request = settled;
  }
  // Another run is scheduled for when it is due (every postponement schedules one).
  if (request.nextAttemptAt && request.nextAttemptAt > now()) return;

  let ticket = 0;
  for (;;) {
    const slot = await reserveRequest(db, MAIL_SEND_ENDPOINT, now());
    if (slot.ok) {
      ticket = slot.ticket;
      break;
    }
    const wait = slot.until.getTime() - now().getTime();
    if (wait > SHORT_WAIT_MS) {
      await postpone(db, request, slot.until, "Waiting for SendGrid's rate limit to reset.");
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(wait, 10)));
  }

  const claimed = await db.emailSendRequest.updateMany({
    where: { id: request.id, state: "PENDING" },
    data: {
      state: "SENDING",
      sendingSince: now(),
      attempts: { increment: 1 },
      nextAttemptAt: null,
    },
  });
  if (claimed.count === 0) return;
  const recipients = await db.emailMessage.findMany({
    where: { requestId: request.id },
    select: {
      id: true,
      recipient: true,
      templateId: true,
      templateData: true,
      createdById: true,
      createdByEmail: true,
    },
    orderBy: { id: "asc" },
  });
  const first = recipients[0];
  if (!first) {
    await db.emailSendRequest.update({
      where: { id: request.id },
      data: { state: "FAILED", lastError: "No recipients." },
    });
    return;
  }
  const outcome = await sendMail({
    requestId: request.id,
    templateId: first.templateId,
    recipients: recipients.map((message) => ({
      messageId: message.id,
      to: message.recipient,
      data: isObject(message.templateData) ? message.templateData : {},
    })),
    actor:
      first.createdById && first.createdByEmail
        ? { id: first.createdById, email: first.createdByEmail }
        : null,
  });
  if (outcome.kind !== "uncertain" && outcome.rateLimit) {
    await recordReading(db, MAIL_SEND_ENDPOINT, outcome.rateLimit, ticket);
  }
  await recordOutcome(db, request, outcome, now());
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

async function recordOutcome(
  db: Db,
  request: EmailSendRequest,
  outcome: MailOutcome,
  now: Date,
): Promise<void> {
  switch (outcome.kind) {
    case "accepted":
      await markAccepted(db, request.id, outcome.providerMessageId, now);
      return;
    case "refused":
      await db.$transaction(async (tx) => {
        const reason = short(outcome.reason);
        await tx.emailSendRequest.update({
          where: { id: request.id },
          data: {
            state: "FAILED",
            lastError: reason,
            lastErrorCode: outcome.code ?? `HTTP_${outcome.status}`,
          },
        });
        await tx.emailMessage.updateMany({
          where: { requestId: request.id, status: { in: [...STATUSES_BEFORE_ACCEPTED] } },
          data: {
            status: "FAILED",
            statusAt: now,
            lastError: reason,
            lastErrorCode: outcome.code ?? `HTTP_${outcome.status}`,
            attempts: request.attempts + 1,
          },
        });
      });
      return;
    case "throttled":
      // Nothing was sent: it does not count as an attempt.
      await postpone(db, request, outcome.retryAt, short(outcome.reason), { uncount: true });
      return;
    case "unavailable": {
      if (now.getTime() - request.createdAt.getTime() > GIVE_UP_AFTER_MS) {
        await giveUp(
          db,
          request,
          `Gave up after ${request.attempts + 1} attempts over a day: ${short(outcome.reason)}`,
          now,
        );
        return;
      }
      const backoff = Math.min(300_000, 1_000 * 2 ** Math.min(request.attempts, 8));
      const retryAt =
        outcome.retryAt ?? new Date(now.getTime() + backoff * (0.5 + Math.random() / 2));
      await postpone(
        db,
        request,
        retryAt,
        `${short(outcome.reason)} It will be retried automatically.`,
      );
      return;
    }
    case "uncertain": {
      const checkAt = settleTime(request, now);
      await db.$transaction(async (tx) => {
        await tx.emailSendRequest.update({
          where: { id: request.id },
          data: {
            lastError: `${short(outcome.reason)} SendGrid may have accepted it: waiting for its events before sending again.`,
            lastErrorCode: "UNCERTAIN",
            nextAttemptAt: checkAt,
          },
        });
        await scheduleSend(tx, [{ requestId: request.id, at: checkAt }]);
      });
      return;
    }
  }
}

/** When an interrupted send may be judged: its attempt is surely over, and events had time to come. */
function settleTime(request: Pick<EmailSendRequest, "sendingSince">, now: Date): Date {
  const since = (request.sendingSince ?? now).getTime();
  const wait = Math.max(
    maxFlightMs(),
    currentSendgridSettings().SENDGRID_EVENT_WAIT_SECONDS * 1000,
  );
  return new Date(since + wait);
}

/**
 * A request found SENDING. SendGrid sends a `processed` (or `dropped`) event for every message it
 * accepts, each carrying the console's message id; one such event proves the request went out.
 * Without one, the request is judged only when its attempt is surely over and SendGrid's events
 * have had time to arrive; then it is handed back for sending. Returns the request when it is
 * to be sent now, null when there is nothing more to do in this run.
 */
async function settleInterrupted(
  db: Db,
  request: EmailSendRequest,
  now: Date,
): Promise<EmailSendRequest | null> {
  const since = (request.sendingSince ?? now).getTime();
  const attemptOver = new Date(since + maxFlightMs());
  if (now < attemptOver) {
    await reschedule(db, request.id, attemptOver);
    return null;
  }
  const evidence = await db.$queryRaw<{ sgMessageId: string | null }[]>`
    SELECT e."sgMessageId" FROM "EmailEvent" e
    JOIN "EmailMessage" m ON m."id" = e."messageId"
    WHERE m."requestId" = ${request.id}::uuid
    ORDER BY e."sgMessageId" NULLS LAST
    LIMIT 1`;
  if (evidence[0]) {
    const sgMessageId = evidence[0].sgMessageId;
    await markAccepted(db, request.id, sgMessageId ? xMessageIdOf(sgMessageId) : null, now);
    logger.info(
      { requestId: request.id },
      "interrupted email send settled as accepted by SendGrid's events",
    );
    return null;
  }
  const checkAt = settleTime(request, now);
  if (now < checkAt) {
    await reschedule(db, request.id, checkAt);
    return null;
  }
  const handedBack = await db.emailSendRequest.updateMany({
    where: { id: request.id, state: "SENDING", sendingSince: request.sendingSince },
    data: {
      state: "PENDING",
      nextAttemptAt: null,
      lastError: "The last attempt was cut off and SendGrid sent no events for it: sending again.",
      lastErrorCode: "INTERRUPTED",
    },
  });
  if (handedBack.count === 0) return null;
  logger.warn(
    { requestId: request.id },
    "interrupted email send had no events from SendGrid; sending again",
  );
  return db.emailSendRequest.findUnique({ where: { id: request.id } });
}

async function reschedule(db: Db, requestId: string, at: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.emailSendRequest.update({ where: { id: requestId }, data: { nextAttemptAt: at } });
    await scheduleSend(tx, [{ requestId, at }]);
  });
}

/** Back to PENDING until `at`, with the reason shown on the request and its messages. */
async function postpone(
  db: Db,
  request: EmailSendRequest,
  at: Date,
  reason: string,
  options: { uncount?: boolean } = {},
): Promise<void> {
  await db.$transaction(async (tx) => {
    const moved = await tx.emailSendRequest.updateMany({
      where: { id: request.id, state: { in: ["PENDING", "SENDING"] } },
      data: {
        state: "PENDING",
        nextAttemptAt: at,
        lastError: reason,
        lastErrorCode: "POSTPONED",
        ...(options.uncount ? { attempts: { decrement: 1 } } : {}),
      },
    });
    if (moved.count === 0) return;
    await tx.emailMessage.updateMany({
      where: { requestId: request.id, status: "QUEUED" },
      data: { lastError: reason },
    });
    await scheduleSend(tx, [{ requestId: request.id, at }]);
  });
}

async function giveUp(db: Db, request: EmailSendRequest, reason: string, now: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.emailSendRequest.update({
      where: { id: request.id },
      data: { state: "FAILED", lastError: reason, lastErrorCode: "GAVE_UP" },
    });
    await tx.emailMessage.updateMany({
      where: { requestId: request.id, status: { in: [...STATUSES_BEFORE_ACCEPTED] } },
      data: { status: "FAILED", statusAt: now, lastError: reason, lastErrorCode: "GAVE_UP" },
    });
  });
}

/**
 * SendGrid took the request: the request and its messages say so, in one statement per table
 * (a bulk request is a thousand messages). Messages whose events already said more keep their
 * status: only the console's own statuses give way to SENT.
 */
async function markAccepted(
  db: Db,
  requestId: string,
  providerMessageId: string | null,
  now: Date,
): Promise<void> {
  const replaceable = STATUSES_BEFORE_ACCEPTED.map((status) => `${status}`);
  await db.$transaction(async (tx) => {
    const request = await tx.emailSendRequest.update({
      where: { id: requestId },
      data: {
        state: "ACCEPTED",
        providerMessageId,
        acceptedAt: now,
        lastError: null,
        lastErrorCode: null,
        nextAttemptAt: null,
      },
      select: { attempts: true },
    });
    await tx.$executeRaw`
      UPDATE "EmailMessage" SET
        "status" = CASE WHEN "status"::text = ANY(${replaceable}::text[]) THEN 'SENT'::"EmailStatus" ELSE "status" END,
        "statusAt" = CASE WHEN "status"::text = ANY(${replaceable}::text[]) THEN ${now} ELSE "statusAt" END,
        "sentAt" = ${now},
        "attempts" = ${request.attempts},
        "lastError" = NULL,
        "lastErrorCode" = NULL,
        "providerMessageId" = COALESCE(${providerMessageId}, "providerMessageId"),
        "updatedAt" = now()
      WHERE "requestId" = ${requestId}::uuid`;
  });
}
