import "server-only";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { TransactionStatus } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { interpretSearch, listFilterSchema, minorBounds, type ListFilter } from "./list-filter";
import { currencyExponent, THREE_DECIMAL_CURRENCIES, ZERO_DECIMAL_CURRENCIES } from "./money";

const ZERO = Prisma.sql`(${Prisma.join([...ZERO_DECIMAL_CURRENCIES])})`;
const THREE = Prisma.sql`(${Prisma.join([...THREE_DECIMAL_CURRENCIES])})`;

export interface TransactionRow {
  id: string;
  chargeId: string;
  paymentIntentId: string | null;
  customerEmail: string | null;
  customerName: string | null;
  amount: number;
  amountRefunded: number;
  currency: string;
  status: TransactionStatus;
  cardBrand: string | null;
  cardLast4: string | null;
  description: string | null;
  createdAt: string;
}

interface RawRow extends Omit<TransactionRow, "amount" | "amountRefunded" | "createdAt"> {
  amount: bigint;
  amountRefunded: bigint;
  createdAt: Date;
}

/** Keyset cursor: the last row's (createdAt, id), opaque to clients. */
function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify([row.createdAt.getTime(), row.id])).toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(value) &&
      typeof value[0] === "number" &&
      Number.isFinite(value[0]) &&
      typeof value[1] === "string" &&
      /^[0-9a-f-]{36}$/i.test(value[1])
    ) {
      return { createdAt: new Date(value[0]), id: value[1] };
    }
  } catch {
    // Falls through to the error below.
  }
  throw new AppError(
    "VALIDATION_FAILED",
    "The page cursor is not valid; start from the first page.",
    {
      fieldErrors: { cursor: ["not a valid cursor"] },
    },
  );
}

function amountCondition(
  text: string,
  side: "min" | "max",
  currency: string | undefined,
): Prisma.Sql {
  const bounds = minorBounds(text, side);
  const op = Prisma.raw(side === "min" ? ">=" : "<=");
  if (currency) {
    const exponent = currencyExponent(currency);
    return Prisma.sql`t."amount" ${op} ${bounds[exponent]}`;
  }
  return Prisma.sql`t."amount" ${op} CASE WHEN t."currency" IN ${ZERO} THEN ${bounds[0]}::bigint
    WHEN t."currency" IN ${THREE} THEN ${bounds[3]}::bigint ELSE ${bounds[2]}::bigint END`;
}

function conditions(filter: ListFilter): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (filter.status) where.push(Prisma.sql`t."status" = ${filter.status}::"TransactionStatus"`);
  if (filter.currency) where.push(Prisma.sql`t."currency" = ${filter.currency}`);
  if (filter.from) where.push(Prisma.sql`t."createdAt" >= ${new Date(`${filter.from}T00:00:00Z`)}`);
  if (filter.to)
    where.push(
      Prisma.sql`t."createdAt" < ${new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000)}`,
    );
  if (filter.min) where.push(amountCondition(filter.min, "min", filter.currency));
  if (filter.max) where.push(amountCondition(filter.max, "max", filter.currency));
  if (filter.q) {
    const search = interpretSearch(filter.q);
    if (!search) {
      throw new AppError(
        "VALIDATION_FAILED",
        "Search for a charge (ch_…), payment intent (pi_…), refund (re_…) or customer (cus_…) id, a customer's email, or a card's last four digits.",
        { fieldErrors: { q: ["not an id, an email or four digits"] } },
      );
    }
    switch (search.kind) {
      case "charge":
        where.push(Prisma.sql`t."chargeId" = ${search.value}`);
        break;
      case "paymentIntent":
        where.push(Prisma.sql`t."paymentIntentId" = ${search.value}`);
        break;
      case "refund":
        where.push(
          Prisma.sql`t."chargeId" IN (SELECT r."chargeId" FROM "Refund" r WHERE r."providerRefundId" = ${search.value})`,
        );
        break;
      case "customer":
        where.push(Prisma.sql`t."customerId" = ${search.value}`);
        break;
      case "email":
        where.push(Prisma.sql`t."customerEmailLower" = ${search.value}`);
        break;
      case "last4":
        where.push(Prisma.sql`t."cardLast4" = ${search.value}`);
        break;
    }
  }
  return where;
}

async function page(filter: ListFilter, after: { createdAt: Date; id: string } | null) {
  const where = conditions(filter);
  if (after)
    where.push(Prisma.sql`(t."createdAt", t."id") < (${after.createdAt}, ${after.id}::uuid)`);
  const clause = where.length ? Prisma.sql`WHERE ${Prisma.join(where, " AND ")}` : Prisma.empty;
  const rows = await getDb().$queryRaw<RawRow[]>`
    SELECT t."id", t."chargeId", t."paymentIntentId", t."customerEmail", t."customerName", t."amount",
           t."amountRefunded", t."currency", t."status"::text AS "status", t."cardBrand", t."cardLast4",
           t."description", t."createdAt"
    FROM "Transaction" t ${clause}
    ORDER BY t."createdAt" DESC, t."id" DESC
    LIMIT ${filter.limit + 1}`;
  const slice = rows.slice(0, filter.limit);
  const last = slice.at(-1);
  return {
    rows: slice.map((row): TransactionRow => ({
      ...row,
      amount: Number(row.amount),
      amountRefunded: Number(row.amountRefunded),
      createdAt: row.createdAt.toISOString(),
    })),
    next: rows.length > filter.limit && last ? encodeCursor(last) : null,
  };
}

/** Transactions newest first, filtered as the URL says, a page at a time by keyset. */
export async function listTransactions(options: { actor: Actor; input: unknown }) {
  await authorize(options.actor, "console:read", { resource: "transactions" });
  const filter = parseInput(listFilterSchema, options.input);
  return page(filter, filter.cursor ? decodeCursor(filter.cursor) : null);
}

const CSV_COLUMNS = [
  "created_at",
  "charge_id",
  "payment_intent_id",
  "status",
  "amount_minor",
  "amount_refunded_minor",
  "currency",
  "customer_email",
  "customer_name",
  "card_brand",
  "card_last4",
  "description",
] as const;

/** One CSV field; a leading =, +, - or @ would be a formula in a spreadsheet, so it is quoted away. */
function csvField(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The current filter's rows as CSV, streamed a keyset page at a time so that a large export never
 * sits in memory. Amounts are minor units with the currency beside them, as stored.
 */
export async function exportTransactionsCsv(options: {
  actor: Actor;
  input: unknown;
}): Promise<ReadableStream<Uint8Array>> {
  await authorize(options.actor, "console:read", { resource: "transactions:export" });
  const filter = { ...parseInput(listFilterSchema, options.input), limit: 1000 };
  conditions(filter);
  const encoder = new TextEncoder();
  let after: { createdAt: Date; id: string } | null = null;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`${CSV_COLUMNS.join(",")}\r\n`));
        return;
      }
      const batch = await page(filter, after);
      const lines = batch.rows.map((row) =>
        [
          row.createdAt,
          row.chargeId,
          row.paymentIntentId,
          row.status,
          row.amount,
          row.amountRefunded,
          row.currency,
          row.customerEmail,
          row.customerName,
          row.cardBrand,
          row.cardLast4,
          row.description,
        ]
          .map(csvField)
          .join(","),
      );
      if (lines.length > 0) controller.enqueue(encoder.encode(`${lines.join("\r\n")}\r\n`));
      const last = batch.rows.at(-1);
      if (!batch.next || !last) {
        controller.close();
        return;
      }
      after = { createdAt: new Date(last.createdAt), id: last.id };
    },
  });
}
