import "server-only";
import { z } from "zod";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import type { Customer } from "@/lib/db/generated/client";
import { addressKey } from "@/lib/email/addresses";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { decodeOpaqueCursor, encodeOpaqueCursor } from "@/lib/pagination/opaque-cursor";
import { parseInput } from "@/lib/validation";
import { emailMatchKey, prefixUpperBound } from "./match-keys";
import type { CustomerPage, CustomerRow } from "./views";

export const PAGE_SIZE = 50;
/** Links shown per row; the rest are counted. */
const LINKS_SHOWN = 3;

export const customerListQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .max(254, "Search is at most 254 characters.")
    .refine((value) => !value.includes("\u0000"), "Search cannot contain a NUL character.")
    .optional()
    .default(""),
  after: z.string().max(1000).optional(),
});

/** Where the next page starts: after this row in its list's order. Opaque in the URL. */
const cursorSchema = z.union([
  z.object({ by: z.literal("recent"), t: z.iso.datetime(), id: z.uuid() }),
  z.object({ by: z.literal("name"), n: z.string(), id: z.uuid() }),
]);
type Cursor = z.infer<typeof cursorSchema>;

const encode = (cursor: Cursor) => encodeOpaqueCursor(cursor);
const decode = (value: string | undefined) => decodeOpaqueCursor(value, cursorSchema);

const uuid = z.uuid();

/** Customers that an identifier names exactly: an address, a provider's id, a reference, a charge. */
async function exactMatches(q: string): Promise<Map<string, string>> {
  const db = getDb();
  const found = new Map<string, string>();
  if (q.includes("@")) {
    const links = await db.customerLink.findMany({
      where: {
        kind: "EMAIL",
        OR: [
          { value: addressKey(q) },
          { matchKey: emailMatchKey(q, getEnv().CUSTOMER_EMAIL_FOLD_PLUS_TAGS) },
        ],
      },
      select: { customerId: true, value: true },
      take: PAGE_SIZE,
    });
    for (const link of links) found.set(link.customerId, `address ${link.value}`);
    return found;
  }
  if (uuid.safeParse(q).success) {
    const customer = await db.customer.findUnique({
      where: { id: q.toLowerCase() },
      select: { id: true },
    });
    if (customer) found.set(customer.id, "customer id");
  }
  const links = await db.customerLink.findMany({
    where: { value: q, kind: { in: ["STRIPE_CUSTOMER", "REFERENCE"] } },
    select: { customerId: true, kind: true },
  });
  for (const link of links) {
    found.set(
      link.customerId,
      link.kind === "STRIPE_CUSTOMER" ? "Stripe customer id" : "our reference",
    );
  }
  // A payment's id leads to its customer through the payment's Stripe customer or address.
  const payment = await db.transaction.findUnique({
    where: { chargeId: q },
    select: { customerId: true, customerEmailLower: true },
  });
  if (payment) {
    const owner = await db.customerLink.findFirst({
      where: {
        OR: [
          ...(payment.customerId
            ? [{ kind: "STRIPE_CUSTOMER" as const, value: payment.customerId }]
            : []),
          ...(payment.customerEmailLower
            ? [{ kind: "EMAIL" as const, value: payment.customerEmailLower }]
            : []),
        ],
      },
      orderBy: { kind: "asc" },
      select: { customerId: true },
    });
    if (owner) found.set(owner.customerId, `payment ${q}`);
  }
  return found;
}

async function toRows(
  customers: readonly Customer[],
  matchedOn: (customer: Customer) => string | null,
): Promise<CustomerRow[]> {
  if (customers.length === 0) return [];
  const links = await getDb().customerLink.findMany({
    where: { customerId: { in: customers.map((c) => c.id) } },
    // Stripe customers, then addresses, then references: the same order on every row.
    orderBy: [{ kind: "asc" }, { createdAt: "asc" }, { value: "asc" }],
    select: { customerId: true, kind: true, value: true },
  });
  return customers.map((customer) => {
    const own = links.filter((link) => link.customerId === customer.id);
    return {
      id: customer.id,
      name: customer.name,
      email: customer.email,
      createdAt: customer.createdAt.toISOString(),
      links: own.slice(0, LINKS_SHOWN).map(({ kind, value }) => ({ kind, value })),
      moreLinks: Math.max(0, own.length - LINKS_SHOWN),
      matchedOn: matchedOn(customer),
    };
  });
}

/**
 * The Customers page: every customer, newest first; or those a search names. An address or a
 * provider's id is an exact lookup; other text is also a name prefix, read in name order from its
 * index. Both lists are keyset-paged, so the millionth customer is as quick as the first.
 */
export async function listCustomers(options: {
  actor: Actor;
  input: unknown;
}): Promise<CustomerPage> {
  await authorize(options.actor, "console:read", { resource: "customers" });
  const { q, after } = parseInput(customerListQuerySchema, options.input);
  const cursor = decode(after);
  const db = getDb();

  if (q === "") {
    if (cursor && cursor.by !== "recent")
      throw new AppError(
        "VALIDATION_FAILED",
        "The page link is broken; start from the first page.",
      );
    const page = await db.customer.findMany({
      where: cursor
        ? {
            // The redundant bound lets the index scan start at the cursor instead of the newest row.
            createdAt: { lte: new Date(cursor.t) },
            OR: [
              { createdAt: { lt: new Date(cursor.t) } },
              { createdAt: new Date(cursor.t), id: { lt: cursor.id } },
            ],
          }
        : {},
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: PAGE_SIZE + 1,
    });
    const last = page[PAGE_SIZE - 1];
    return {
      query: q,
      items: await toRows(page.slice(0, PAGE_SIZE), () => null),
      next:
        page.length > PAGE_SIZE && last
          ? encode({ by: "recent", t: last.createdAt.toISOString(), id: last.id })
          : null,
    };
  }

  // Exact matches lead the first page; later pages continue the name list.
  const exact = cursor ? new Map<string, string>() : await exactMatches(q);
  const exactCustomers = exact.size
    ? await db.customer.findMany({ where: { id: { in: [...exact.keys()] } } })
    : [];
  if (q.includes("@") || (cursor && cursor.by !== "name")) {
    return {
      query: q,
      items: await toRows(exactCustomers, (c) => `Matched by ${exact.get(c.id) ?? "search"}`),
      next: null,
    };
  }
  const prefix = q.toLowerCase();
  const named = await db.customer.findMany({
    where: {
      // The scan starts at the cursor, not at the prefix, however deep the page.
      nameKey: {
        gte: cursor && cursor.by === "name" && cursor.n > prefix ? cursor.n : prefix,
        lt: prefixUpperBound(prefix),
      },
      ...(cursor
        ? { OR: [{ nameKey: { gt: cursor.n } }, { nameKey: cursor.n, id: { gt: cursor.id } }] }
        : {}),
      id: { notIn: [...exact.keys()] },
    },
    orderBy: [{ nameKey: "asc" }, { id: "asc" }],
    take: PAGE_SIZE + 1,
  });
  const last = named[PAGE_SIZE - 1];
  const rows = await toRows([...exactCustomers, ...named.slice(0, PAGE_SIZE)], (c) =>
    exact.has(c.id) ? `Matched by ${exact.get(c.id)}` : `Name starts with “${q}”`,
  );
  return {
    query: q,
    items: rows,
    next:
      named.length > PAGE_SIZE && last?.nameKey
        ? encode({ by: "name", n: last.nameKey, id: last.id })
        : null,
  };
}
