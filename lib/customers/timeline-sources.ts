import "server-only";
import { getDb } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { CustomerScope } from "./scope";
import type { TimelineItem, TimelineKind } from "./views";

/** An item before the records behind it are added, with what finds them. */
export interface Entry {
  at: Date;
  key: string;
  item: Omit<TimelineItem, "behind" | "at" | "key">;
  /** The payment it belongs to, and the provider object ids whose webhooks and calls are behind it. */
  chargeId?: string;
  providerObjectIds?: string[];
  idempotencyKey?: string | null;
  requestId?: string;
  deliveryId?: string;
}

export interface Window {
  /** Inclusive: the page cursor's instant (items at it are sorted out by key afterwards). */
  until: Date | null;
  /** Exclusive end of the date filter. */
  before: Date | null;
  from: Date | null;
  limit: number;
}

function timeBounds(column: Prisma.Sql, window: Window): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (window.until) parts.push(Prisma.sql`${column} <= ${window.until}`);
  if (window.before) parts.push(Prisma.sql`${column} < ${window.before}`);
  if (window.from) parts.push(Prisma.sql`${column} >= ${window.from}`);
  return Prisma.join(parts, " AND ");
}

const EVENT_TITLES: Record<string, string> = {
  processed: "Processed by SendGrid",
  deferred: "Delivery deferred",
  delivered: "Delivered",
  open: "Opened",
  click: "Link clicked",
  bounce: "Bounced",
  dropped: "Dropped",
  spamreport: "Reported as spam",
  unsubscribe: "Unsubscribed",
  group_unsubscribe: "Unsubscribed from a group",
  group_resubscribe: "Resubscribed to a group",
};

const SUPPRESSION_TITLES: Record<string, string> = {
  BOUNCE: "Suppressed: the address bounced",
  SPAM_REPORT: "Suppressed: reported an email as spam",
  UNSUBSCRIBE: "Suppressed: unsubscribed from all email",
  GROUP_UNSUBSCRIBE: "Suppressed: unsubscribed from a group",
};

function humanAction(action: string): string {
  const words = action.replaceAll(/[._]/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

async function payments(scope: CustomerScope, window: Window): Promise<Entry[]> {
  const rows = await getDb().$queryRaw<
    {
      id: string;
      chargeId: string;
      paymentIntentId: string | null;
      amount: bigint;
      currency: string;
      status: string;
      description: string | null;
      cardBrand: string | null;
      cardLast4: string | null;
      createdAt: Date;
    }[]
  >`
    SELECT t."id", t."chargeId", t."paymentIntentId", t."amount", t."currency", t."status",
           t."description", t."cardBrand", t."cardLast4", t."createdAt"
    FROM (
      -- Each side reads its own (customer, createdAt) index: a page costs the customer's history,
      -- not the table's.
      (SELECT * FROM "Transaction" t
       WHERE ${scope.paymentsByStripeId} AND ${timeBounds(Prisma.sql`t."createdAt"`, window)}
       ORDER BY t."createdAt" DESC, t."id" DESC LIMIT ${window.limit})
      UNION
      (SELECT * FROM "Transaction" t
       WHERE ${scope.paymentsByAddress} AND ${timeBounds(Prisma.sql`t."createdAt"`, window)}
       ORDER BY t."createdAt" DESC, t."id" DESC LIMIT ${window.limit})
    ) t
    ORDER BY t."createdAt" DESC, t."id" DESC LIMIT ${window.limit}`;
  return rows.map((row) => ({
    at: row.createdAt,
    key: `payment:${row.id}`,
    chargeId: row.chargeId,
    providerObjectIds: [row.chargeId, ...(row.paymentIntentId ? [row.paymentIntentId] : [])],
    item: {
      kind: "payment",
      title:
        row.cardBrand && row.cardLast4
          ? `Payment by ${row.cardBrand} ····${row.cardLast4}`
          : "Payment",
      detail: [row.chargeId, row.description].filter(Boolean).join(" · "),
      status: row.status,
      amount: { value: Number(row.amount), currency: row.currency },
      href: `/transactions/${encodeURIComponent(row.chargeId)}`,
      chargeId: row.chargeId,
      messageId: null,
    },
  }));
}

/** The refund's confirmation email in words; the email itself is its own timeline entry. */
function noticeText(state: string | null, skipReason: string | null): string | null {
  switch (state) {
    case "REQUESTED":
      return "confirmation email waits for Stripe to confirm the refund";
    case "QUEUED":
      return "confirmation email sent";
    case "SKIPPED":
      return `confirmation email skipped: ${skipReason ?? "no reason recorded"}`;
    case null:
    default:
      return null;
  }
}

async function refunds(scope: CustomerScope, window: Window): Promise<Entry[]> {
  const rows = await getDb().$queryRaw<
    {
      id: string;
      chargeId: string;
      providerRefundId: string | null;
      amount: bigint;
      currency: string;
      status: string;
      reason: string | null;
      requestedByEmail: string | null;
      idempotencyKey: string | null;
      noticeState: string | null;
      noticeSkipReason: string | null;
      createdAt: Date;
    }[]
  >`
    SELECT r."id", r."chargeId", r."providerRefundId", r."amount", r."currency", r."status",
           r."reason", r."requestedByEmail", r."idempotencyKey", r."noticeState"::text AS "noticeState",
           r."noticeSkipReason", r."createdAt"
    FROM "Transaction" t
    -- Per payment, its newest refunds from (chargeId, createdAt): never a scan of every refund.
    CROSS JOIN LATERAL (
      SELECT * FROM "Refund" r
      WHERE r."chargeId" = t."chargeId" AND ${timeBounds(Prisma.sql`r."createdAt"`, window)}
      ORDER BY r."createdAt" DESC, r."id" DESC LIMIT ${window.limit}) r
    WHERE ${scope.payments}
    ORDER BY r."createdAt" DESC, r."id" DESC LIMIT ${window.limit}`;
  return rows.map((row) => ({
    at: row.createdAt,
    key: `refund:${row.id}`,
    chargeId: row.chargeId,
    providerObjectIds: row.providerRefundId ? [row.providerRefundId] : [],
    idempotencyKey: row.idempotencyKey,
    item: {
      kind: "refund",
      title: row.requestedByEmail ? `Refund by ${row.requestedByEmail}` : "Refund",
      detail: [
        `of ${row.chargeId}`,
        row.providerRefundId,
        row.reason?.replaceAll("_", " "),
        noticeText(row.noticeState, row.noticeSkipReason),
      ]
        .filter(Boolean)
        .join(" · "),
      status: row.status,
      amount: { value: Number(row.amount), currency: row.currency },
      href: `/transactions/${encodeURIComponent(row.chargeId)}`,
      chargeId: null,
      messageId: null,
    },
  }));
}

async function disputes(scope: CustomerScope, window: Window): Promise<Entry[]> {
  const rows = await getDb().$queryRaw<
    {
      id: string;
      providerDisputeId: string;
      chargeId: string;
      amount: bigint;
      currency: string;
      status: string;
      reason: string;
      providerCreatedAt: Date;
    }[]
  >`
    SELECT d."id", d."providerDisputeId", d."chargeId", d."amount", d."currency", d."status",
           d."reason", d."providerCreatedAt"
    FROM "Transaction" t
    CROSS JOIN LATERAL (
      SELECT * FROM "Dispute" d
      WHERE d."chargeId" = t."chargeId"
        AND ${timeBounds(Prisma.sql`d."providerCreatedAt"`, window)}) d
    WHERE ${scope.payments}
    ORDER BY d."providerCreatedAt" DESC, d."id" DESC LIMIT ${window.limit}`;
  return rows.map((row) => ({
    at: row.providerCreatedAt,
    key: `dispute:${row.id}`,
    chargeId: row.chargeId,
    providerObjectIds: [row.providerDisputeId],
    item: {
      kind: "dispute",
      title: `Dispute: ${row.reason.replaceAll("_", " ")}`,
      detail: `of ${row.chargeId} · ${row.providerDisputeId}`,
      status: row.status,
      amount: { value: Number(row.amount), currency: row.currency },
      href: `/transactions/${encodeURIComponent(row.chargeId)}`,
      chargeId: null,
      messageId: null,
    },
  }));
}

async function emails(scope: CustomerScope, window: Window): Promise<Entry[]> {
  if (scope.addresses.length === 0) return [];
  const rows = await getDb().$queryRaw<
    {
      id: string;
      recipient: string;
      templateName: string;
      status: string;
      requestId: string;
      resendOfId: string | null;
      createdByEmail: string | null;
      createdAt: Date;
    }[]
  >`
    SELECT m."id", m."recipient", m."templateName", m."status", m."requestId", m."resendOfId",
           m."createdByEmail", m."createdAt"
    FROM "EmailMessage" m
    WHERE m."recipientKey" = ANY(${scope.addresses}::text[])
      AND ${timeBounds(Prisma.sql`m."createdAt"`, window)}
    ORDER BY m."createdAt" DESC, m."id" DESC LIMIT ${window.limit}`;
  return rows.map((row) => ({
    at: row.createdAt,
    key: `email:${row.id}`,
    requestId: row.requestId,
    item: {
      kind: "email",
      title: `${row.resendOfId ? "Email resent" : "Email"}: ${row.templateName}`,
      detail: [`to ${row.recipient}`, row.createdByEmail ? `by ${row.createdByEmail}` : null]
        .filter(Boolean)
        .join(" · "),
      status: row.status,
      amount: null,
      href: `/emails/${row.id}`,
      chargeId: null,
      messageId: row.id,
    },
  }));
}

async function emailEvents(scope: CustomerScope, window: Window): Promise<Entry[]> {
  if (scope.addresses.length === 0) return [];
  const rows = await getDb().$queryRaw<
    {
      id: string;
      type: string;
      email: string;
      occurredAt: Date;
      messageId: string | null;
      reason: string | null;
      url: string | null;
      deliveryId: string;
    }[]
  >`
    SELECT e."id", e."type", e."email", e."occurredAt", e."messageId", e."reason", e."url",
           e."deliveryId"
    FROM "EmailEvent" e
    WHERE e."emailKey" = ANY(${scope.addresses}::text[])
      AND ${timeBounds(Prisma.sql`e."occurredAt"`, window)}
    ORDER BY e."occurredAt" DESC, e."id" DESC LIMIT ${window.limit}`;
  return rows.map((row) => ({
    at: row.occurredAt,
    key: `email_event:${row.id}`,
    deliveryId: row.deliveryId,
    item: {
      kind: "email_event",
      title: EVENT_TITLES[row.type] ?? row.type,
      detail: [row.email, row.reason, row.url].filter(Boolean).join(" · "),
      status: null,
      amount: null,
      href: row.messageId ? `/emails/${row.messageId}` : null,
      chargeId: null,
      messageId: null,
    },
  }));
}

async function suppressions(scope: CustomerScope, window: Window): Promise<Entry[]> {
  if (scope.addresses.length === 0) return [];
  const rows = await getDb().$queryRaw<
    {
      id: string;
      emailKey: string;
      reason: string;
      groupId: number;
      active: boolean;
      detail: string | null;
      changedAt: Date;
    }[]
  >`
    SELECT s."id", s."emailKey", s."reason"::text AS "reason", s."groupId", s."active",
           s."detail", s."changedAt"
    FROM "EmailSuppression" s
    WHERE s."emailKey" = ANY(${scope.addresses}::text[])
      AND ${timeBounds(Prisma.sql`s."changedAt"`, window)}
    ORDER BY s."changedAt" DESC, s."id" DESC LIMIT ${window.limit}`;
  return rows.map((row) => ({
    at: row.changedAt,
    key: `suppression:${row.id}`,
    item: {
      kind: "suppression",
      title: row.active
        ? `${SUPPRESSION_TITLES[row.reason] ?? row.reason}${row.reason === "GROUP_UNSUBSCRIBE" ? ` ${row.groupId}` : ""}`
        : "Suppression lifted",
      detail: [row.emailKey, row.detail].filter(Boolean).join(" · "),
      status: row.active ? "ACTIVE" : "LIFTED",
      amount: null,
      href: null,
      chargeId: null,
      messageId: null,
    },
  }));
}

async function staff(scope: CustomerScope, window: Window): Promise<Entry[]> {
  const rows = await getDb().$queryRaw<
    {
      id: string;
      action: string;
      outcome: string;
      actorEmail: string | null;
      targetType: string | null;
      targetId: string | null;
      createdAt: Date;
    }[]
  >`
    SELECT a."id", a."action", a."outcome"::text AS "outcome", a."actorEmail", a."targetType",
           a."targetId", a."createdAt"
    FROM "AuditLog" a
    WHERE a."actorId" IS NOT NULL
      AND (a."targetId" = ANY(ARRAY(
        SELECT ${scope.customer.id}
        UNION ALL SELECT t."chargeId" FROM "Transaction" t WHERE ${scope.payments}
        UNION ALL SELECT m."id"::text FROM "EmailMessage" m
                  WHERE m."recipientKey" = ANY(${scope.addresses}::text[])))
      OR (${scope.customer.splitFromId}::uuid IS NOT NULL
          AND a."targetId" = ${scope.customer.splitFromId}::text AND a."action" = 'customer.split'
          AND a."details"->>'newCustomerId' = ${scope.customer.id}))
      AND ${timeBounds(Prisma.sql`a."createdAt"`, window)}
    ORDER BY a."createdAt" DESC, a."id" DESC LIMIT ${window.limit}`;
  return rows.map((row) => ({
    at: row.createdAt,
    key: `staff:${row.id}`,
    item: {
      kind: "staff",
      title: humanAction(row.action),
      detail: [
        row.actorEmail,
        row.targetType && row.targetId ? `${row.targetType} ${row.targetId}` : null,
      ]
        .filter(Boolean)
        .join(" · "),
      status: row.outcome,
      amount: null,
      href: `/audit?action=${encodeURIComponent(row.action)}`,
      chargeId: null,
      messageId: null,
    },
  }));
}

export const TIMELINE_SOURCES: Record<
  TimelineKind,
  (scope: CustomerScope, window: Window) => Promise<Entry[]>
> = {
  payment: payments,
  refund: refunds,
  dispute: disputes,
  email: emails,
  email_event: emailEvents,
  suppression: suppressions,
  staff,
};
