import "server-only";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";

import { getDb, type Prisma } from "@/lib/db/client";
import { addressKey } from "@/lib/email/addresses";
import { formatMoney } from "@/lib/payments/money";
import { parseInput } from "@/lib/validation";
import { classifyQuery, searchQuerySchema, type Lookup, type QueryShape } from "./classify";
import {
  SEARCH_KINDS,
  type SearchGroup,
  type SearchItem,
  type SearchKind,
  type SearchResult,
} from "./result";

/** Each group shows this many; one more is read to know whether "see all" has more to show. */
export const GROUP_LIMIT = 5;

type ColumnOf<Kind extends SearchKind> = Extract<Lookup, { kind: Kind }>["column"];

const paymentWhere: Record<ColumnOf<"payment">, (value: string) => Prisma.TransactionWhereInput> = {
  id: (value) => ({ id: value }),
  chargeId: (value) => ({ chargeId: value }),
  paymentIntentId: (value) => ({ paymentIntentId: value }),
  customerId: (value) => ({ customerId: value }),
  customerEmailLower: (value) => ({ customerEmailLower: value }),
};
const refundWhere: Record<ColumnOf<"refund">, (value: string) => Prisma.RefundWhereInput> = {
  id: (value) => ({ id: value }),
  chargeId: (value) => ({ chargeId: value }),
  providerRefundId: (value) => ({ providerRefundId: value }),
};
const emailWhere: Record<ColumnOf<"email">, (value: string) => Prisma.EmailMessageWhereInput> = {
  id: (value) => ({ id: value }),
  recipientKey: (value) => ({ recipientKey: value }),
  providerMessageId: (value) => ({ providerMessageId: value }),
};
const webhookWhere: Record<
  ColumnOf<"webhook">,
  (value: string) => Prisma.WebhookDeliveryWhereInput
> = {
  id: (value) => ({ id: value }),
  eventId: (value) => ({ eventId: value }),
};

/** A customer's id, or the customer ids one of its links leads to. */
async function customerIdsFor(lookups: Lookup[]): Promise<string[]> {
  const ids = new Set<string>();
  for (const lookup of lookups) {
    if (lookup.kind !== "customer") continue;
    if (lookup.column === "id") {
      ids.add(lookup.value);
      continue;
    }
    const links = await getDb().customerLink.findMany({
      where:
        lookup.column === "email"
          ? { kind: "EMAIL", OR: [{ value: lookup.value }, { matchKey: lookup.value }] }
          : { kind: { in: ["STRIPE_CUSTOMER", "REFERENCE"] }, value: lookup.value },
      select: { customerId: true },
      take: GROUP_LIMIT + 1,
    });
    for (const link of links) ids.add(link.customerId);
  }
  return [...ids];
}

async function findCustomers(lookups: Lookup[]): Promise<SearchItem[]> {
  const ids = await customerIdsFor(lookups);
  if (ids.length === 0) return [];
  const rows = await getDb().customer.findMany({
    where: { id: { in: ids } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: GROUP_LIMIT + 1,
    select: { id: true, name: true, email: true, createdAt: true },
  });
  const links = await getDb().customerLink.groupBy({
    by: ["customerId"],
    where: { customerId: { in: rows.map((row) => row.id) } },
    _count: { _all: true },
  });
  return rows.map((row) => {
    const count = links.find((link) => link.customerId === row.id)?._count._all ?? 0;
    return {
      id: row.id,
      href: `/customers/${row.id}`,
      title: row.name ?? row.email ?? row.id,
      detail: row.name ? row.email : null,
      amount: null,
      status: `${count} ${count === 1 ? "identifier" : "identifiers"}`,
      at: row.createdAt.toISOString(),
    };
  });
}

async function findPayments(where: Prisma.TransactionWhereInput[]): Promise<SearchItem[]> {
  if (where.length === 0) return [];
  const rows = await getDb().transaction.findMany({
    where: { OR: where },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: GROUP_LIMIT + 1,
    select: {
      id: true,
      chargeId: true,
      customerEmail: true,
      customerId: true,
      amount: true,
      currency: true,
      status: true,
      createdAt: true,
    },
  });
  return rows.map((row) => ({
    id: row.id,
    href: `/transactions/${encodeURIComponent(row.chargeId)}`,
    title: row.chargeId,
    detail: row.customerEmail ?? row.customerId,
    amount: formatMoney(Number(row.amount), row.currency),
    status: row.status,
    at: row.createdAt.toISOString(),
  }));
}

async function findRefunds(where: Prisma.RefundWhereInput[]): Promise<SearchItem[]> {
  if (where.length === 0) return [];
  const rows = await getDb().refund.findMany({
    where: { OR: where },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: GROUP_LIMIT + 1,
    select: {
      id: true,
      chargeId: true,
      providerRefundId: true,
      amount: true,
      currency: true,
      status: true,
      createdAt: true,
    },
  });
  // A refund has no page of its own: its payment's page lists it.
  return rows.map((row) => ({
    id: row.id,
    href: `/transactions/${encodeURIComponent(row.chargeId)}`,
    title: row.providerRefundId ?? "Refund not yet submitted",
    detail: `of ${row.chargeId}`,
    amount: formatMoney(Number(row.amount), row.currency),
    status: row.status,
    at: row.createdAt.toISOString(),
  }));
}

async function findEmails(where: Prisma.EmailMessageWhereInput[]): Promise<SearchItem[]> {
  if (where.length === 0) return [];
  const rows = await getDb().emailMessage.findMany({
    where: { OR: where },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: GROUP_LIMIT + 1,
    select: { id: true, recipient: true, templateName: true, status: true, createdAt: true },
  });
  return rows.map((row) => ({
    id: row.id,
    href: `/emails/${row.id}`,
    title: row.recipient,
    detail: row.templateName,
    amount: null,
    status: row.status,
    at: row.createdAt.toISOString(),
  }));
}

async function findWebhooks(where: Prisma.WebhookDeliveryWhereInput[]): Promise<SearchItem[]> {
  if (where.length === 0) return [];
  const rows = await getDb().webhookDelivery.findMany({
    where: { OR: where },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: GROUP_LIMIT + 1,
    select: {
      id: true,
      provider: true,
      eventId: true,
      eventType: true,
      status: true,
      receivedAt: true,
    },
  });
  return rows.map((row) => ({
    id: row.id,
    href: `/webhooks/${row.id}`,
    title: row.eventId ?? "Rejected delivery",
    detail: [row.provider, row.eventType].filter(Boolean).join(" · "),
    amount: null,
    status: row.status,
    at: row.receivedAt.toISOString(),
  }));
}

/** The list page that shows every match, where its filters can express this query. */
function seeAllHref(kind: SearchKind, shape: QueryShape, q: string): string | null {
  const query = encodeURIComponent(q);
  switch (kind) {
    case "customer":
      return `/customers?q=${query}`;
    case "payment":
      return ["email-address", "charge", "payment-intent", "customer"].includes(shape)
        ? `/transactions?q=${query}`
        : null;
    case "refund":
      return shape === "refund" ? `/transactions?q=${query}` : null;
    case "email":
      return ["email-address", "uuid", "other-id"].includes(shape) ? `/emails?q=${query}` : null;
    case "webhook":
      return ["event", "other-id"].includes(shape) ? `/webhooks?eventId=${query}` : null;
  }
}

/**
 * One box for every kind of record: each lookup is an exact match on an indexed column (see
 * classify.ts), so it stays fast at a million rows per table (bench/global-search.ts).
 */
export async function globalSearch(options: {
  actor: Actor;
  input: unknown;
}): Promise<SearchResult> {
  await authorize(options.actor, "console:read", { resource: "search" });
  const { q } = parseInput(searchQuerySchema, options.input);
  const { shape, lookups } = classifyQuery(q);
  // Links carry an address as the lists compare it, so one customer has one link.
  const linked = shape === "email-address" ? addressKey(q) : q;
  const [customer, payment, refund, email, webhook] = await Promise.all([
    findCustomers(lookups),
    findPayments(
      lookups.flatMap((l) => (l.kind === "payment" ? [paymentWhere[l.column](l.value)] : [])),
    ),
    findRefunds(
      lookups.flatMap((l) => (l.kind === "refund" ? [refundWhere[l.column](l.value)] : [])),
    ),
    findEmails(lookups.flatMap((l) => (l.kind === "email" ? [emailWhere[l.column](l.value)] : []))),
    findWebhooks(
      lookups.flatMap((l) => (l.kind === "webhook" ? [webhookWhere[l.column](l.value)] : [])),
    ),
  ]);
  const found: Record<SearchKind, SearchItem[]> = { customer, payment, refund, email, webhook };
  const groups: SearchGroup[] = SEARCH_KINDS.flatMap((kind) => {
    const items = found[kind];
    if (items.length === 0) return [];
    return [
      {
        kind,
        items: items.slice(0, GROUP_LIMIT),
        more: items.length > GROUP_LIMIT,
        seeAllHref: seeAllHref(kind, shape, linked),
      },
    ];
  });
  return { query: q, groups };
}
