import { randomUUID } from "node:crypto";
import type { Prisma } from "@/lib/db/client";
import type { CustomerLinkKind } from "@/lib/db/generated/enums";
import { addressKey } from "@/lib/email/addresses";
import { getEnv } from "@/lib/env";
import { emailMatchKey } from "./match-keys";

/**
 * Not server-only: payment sync (reached by the provider registry) calls it inside the
 * transaction that stores the payment, and it only writes through that transaction.
 */
type Tx = Prisma.TransactionClient;

export interface CustomerIdentity {
  stripeCustomerId?: string | null;
  email?: string | null;
  name?: string | null;
  reference?: string | null;
}

interface WantedLink {
  kind: CustomerLinkKind;
  value: string;
  matchKey: string;
  /** As the provider gave it, for the explanation. */
  shown: string;
}

interface FoundLink {
  kind: CustomerLinkKind;
  value: string;
  matchKey: string;
  customerId: string;
}

/** Which identifier decides when they point at different customers: the most specific first. */
const PRECEDENCE: readonly CustomerLinkKind[] = ["REFERENCE", "STRIPE_CUSTOMER", "EMAIL"];

function describe(link: { kind: CustomerLinkKind; shown: string }): string {
  switch (link.kind) {
    case "REFERENCE":
      return `reference ${link.shown}`;
    case "STRIPE_CUSTOMER":
      return `Stripe customer ${link.shown}`;
    case "EMAIL":
      return `address ${link.shown}`;
  }
}

/** Why `link` joined the customer that `by` already belonged to, in words. */
export function explainMatch(link: WantedLink, by: FoundLink, all: readonly WantedLink[]): string {
  const subject = all.find((item) => item.kind !== "EMAIL" && item !== link) ?? link;
  switch (by.kind) {
    case "EMAIL": {
      const address = all.find((item) => item.kind === "EMAIL");
      const given = address?.shown ?? by.value;
      const how =
        address && address.value !== by.value
          ? `${given} is ${by.value} once its +tag is removed (CUSTOMER_EMAIL_FOLD_PLUS_TAGS)`
          : given === by.value
            ? `the same address, ${by.value}`
            : `${given}, which is ${by.value} ignoring case and spaces`;
      return `Matched by email: ${describe(subject === link ? link : subject)} has ${how}, already this customer's.`;
    }
    case "STRIPE_CUSTOMER":
      return `Matched by Stripe customer id: ${describe(link)} was seen on a payment of ${by.value}.`;
    case "REFERENCE":
      return `Matched by reference: ${describe(link)} belongs to our reference ${by.value}.`;
  }
}

function wantedLinks(identity: CustomerIdentity, reference: string | null, fold: boolean) {
  const wanted: WantedLink[] = [];
  if (reference) {
    wanted.push({ kind: "REFERENCE", value: reference, matchKey: reference, shown: reference });
  }
  const stripe = identity.stripeCustomerId?.trim();
  if (stripe) {
    wanted.push({ kind: "STRIPE_CUSTOMER", value: stripe, matchKey: stripe, shown: stripe });
  }
  const email = identity.email?.trim();
  if (email) {
    wanted.push({
      kind: "EMAIL",
      value: addressKey(email),
      matchKey: emailMatchKey(email, fold),
      shown: email,
    });
  }
  return wanted;
}

async function findLinks(tx: Tx, wanted: readonly WantedLink[]): Promise<FoundLink[]> {
  return tx.customerLink.findMany({
    where: {
      OR: wanted.map((link) =>
        link.kind === "EMAIL"
          ? { kind: link.kind, matchKey: link.matchKey }
          : { kind: link.kind, value: link.value },
      ),
    },
    orderBy: { createdAt: "asc" },
    select: { kind: true, value: true, matchKey: true, customerId: true },
  });
}

/** The link that decides the customer: the most specific kind, an exact address before a folded one. */
function decidingLink(
  found: readonly FoundLink[],
  wanted: readonly WantedLink[],
): FoundLink | undefined {
  for (const kind of PRECEDENCE) {
    const ofKind = found.filter((link) => link.kind === kind);
    const exact = ofKind.find((link) =>
      wanted.some((item) => item.kind === kind && item.value === link.value),
    );
    if (exact ?? ofKind[0]) return exact ?? ofKind[0];
  }
  return undefined;
}

async function insertLinks(
  tx: Tx,
  customerId: string,
  links: readonly { link: WantedLink; explanation: string }[],
) {
  if (links.length === 0) return;
  // One order for every writer, so two transactions inserting the same identifiers cannot deadlock.
  const ordered = [...links].sort((a, b) =>
    `${a.link.kind}:${a.link.value}`.localeCompare(`${b.link.kind}:${b.link.value}`),
  );
  await tx.customerLink.createMany({
    data: ordered.map(({ link, explanation }) => ({
      kind: link.kind,
      value: link.value,
      matchKey: link.matchKey,
      customerId,
      explanation,
    })),
    skipDuplicates: true,
  });
}

/**
 * Identifiers seen together on one record belong to one customer: when they lead to two, the other
 * customer's links move to the deciding one, each saying so. Never across an admin's split: a
 * customer holding a pinned link stays as the admin left it.
 */
async function absorb(tx: Tx, other: string, owner: FoundLink, wanted: readonly WantedLink[]) {
  const pinned = await tx.customerLink.count({
    where: { customerId: { in: [other, owner.customerId] }, pinned: true },
  });
  if (pinned > 0) return;
  const bridge = wanted.find((link) => link.kind === "EMAIL") ?? wanted[0];
  const ownerLink = wanted.find((link) => link.kind === owner.kind && link.value === owner.value);
  const why = `Merged: ${bridge ? describe(bridge) : "an identifier"} was seen together with ${
    ownerLink ? describe(ownerLink) : `${owner.kind.toLowerCase()} ${owner.value}`
  } on one payment. Before: `;
  await tx.$executeRaw`
    UPDATE "CustomerLink" SET "customerId" = ${owner.customerId}::uuid,
                              "explanation" = ${why} || "explanation"
    WHERE "customerId" = ${other}::uuid`;
  await tx.customer.deleteMany({ where: { id: other } });
}

/**
 * Finds or makes the customer these identifiers belong to, and links the ones it did not have
 * yet, each with the reason it joined. A Stripe customer id or our reference decides over an
 * address; a customer the identifiers show to be the same person is merged in (absorb), except
 * across an admin's split. Two
 * transactions that meet the same new identifiers at once both make a customer; the one that
 * loses the insert hands its links to the winner and removes its own, so one customer remains.
 */
export async function linkCustomer(
  tx: Tx,
  identity: CustomerIdentity,
  options: { foldPlusTags?: boolean } = {},
): Promise<string | null> {
  const fold = options.foldPlusTags ?? getEnv().CUSTOMER_EMAIL_FOLD_PLUS_TAGS;
  let reference = identity.reference?.trim() || null;
  if (!reference && identity.stripeCustomerId) {
    const ours = await tx.paymentCustomer.findUnique({
      where: { providerCustomerId: identity.stripeCustomerId },
      select: { reference: true },
    });
    reference = ours?.reference ?? null;
  }
  const wanted = wantedLinks(identity, reference, fold);
  if (wanted.length === 0) return null;
  const found = await findLinks(tx, wanted);
  const owner = decidingLink(found, wanted);
  const name = identity.name?.trim() || null;
  const email = identity.email?.trim() || null;

  if (owner) {
    const missing = wanted.filter(
      (link) => !found.some((item) => item.kind === link.kind && item.value === link.value),
    );
    await insertLinks(
      tx,
      owner.customerId,
      missing.map((link) => ({ link, explanation: explainMatch(link, owner, wanted) })),
    );
    const others = new Set(
      found.filter((link) => link.customerId !== owner.customerId).map((link) => link.customerId),
    );
    for (const other of others) await absorb(tx, other, owner, wanted);
    if (name) {
      await tx.customer.updateMany({
        where: { id: owner.customerId, name: null },
        data: { name, nameKey: name.toLowerCase() },
      });
    }
    return owner.customerId;
  }

  const id = randomUUID();
  await tx.customer.create({
    data: { id, email, name, nameKey: name?.toLowerCase() ?? null },
  });
  await insertLinks(
    tx,
    id,
    wanted.map((link) => ({ link, explanation: `First seen as ${describe(link)}.` })),
  );
  const after = await findLinks(tx, wanted);
  const winner = decidingLink(
    after.filter((link) => link.customerId !== id),
    wanted,
  );
  if (!winner) return id;
  for (const link of after.filter((item) => item.customerId === id)) {
    const mine = wanted.find((item) => item.kind === link.kind && item.value === link.value);
    await tx.customerLink.update({
      where: { kind_value: { kind: link.kind, value: link.value } },
      data: {
        customerId: winner.customerId,
        explanation: mine ? explainMatch(mine, winner, wanted) : "Matched with its customer.",
      },
    });
  }
  await tx.customer.delete({ where: { id } });
  return winner.customerId;
}

/**
 * The recipients of new emails, as customers: one statement for a whole batch, in the
 * transaction that logs the messages. An address seen before keeps its customer; a new one makes
 * a customer of its own (a later payment with the address joins it).
 */
export async function linkEmailRecipients(
  tx: Tx,
  recipients: readonly string[],
  options: { foldPlusTags?: boolean } = {},
): Promise<void> {
  if (recipients.length === 0) return;
  const fold = options.foldPlusTags ?? getEnv().CUSTOMER_EMAIL_FOLD_PLUS_TAGS;
  const byKey = new Map<string, { shown: string; matchKey: string }>();
  for (const address of recipients) {
    const key = addressKey(address);
    if (!byKey.has(key))
      byKey.set(key, { shown: address.trim(), matchKey: emailMatchKey(address, fold) });
  }
  const rows = [...byKey.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([value, { shown, matchKey }]) => ({ value, shown, match_key: matchKey }));
  // Addresses whose match key already has a customer join it; the rest found their own. The link
  // is inserted first (ON CONFLICT DO NOTHING), so a concurrent batch with the same address makes
  // no second customer: only the rows whose link went in get a Customer row.
  await tx.$executeRaw`
    WITH input AS (
      SELECT r.value, r.shown, r.match_key
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(value text, shown text, match_key text)
      WHERE NOT EXISTS (
        SELECT 1 FROM "CustomerLink" l WHERE l."kind" = 'EMAIL' AND l."value" = r.value)
    ), placed AS (
      SELECT i.*, (
        SELECT l."customerId" FROM "CustomerLink" l
        WHERE l."kind" = 'EMAIL' AND l."matchKey" = i.match_key
        ORDER BY l."createdAt" LIMIT 1) AS existing
      FROM input i
    ), linked AS (
      INSERT INTO "CustomerLink" ("kind", "value", "matchKey", "customerId", "explanation")
      SELECT 'EMAIL', p.value, p.match_key, COALESCE(p.existing, gen_random_uuid()),
             CASE WHEN p.existing IS NULL THEN 'First seen as the recipient of an email.'
                  ELSE 'Matched by email: ' || p.shown || ' is ' || p.match_key ||
                       ' once its +tag is removed (CUSTOMER_EMAIL_FOLD_PLUS_TAGS).' END
      FROM placed p
      ON CONFLICT DO NOTHING
      RETURNING "value", "customerId", "explanation"
    )
    INSERT INTO "Customer" ("id", "email", "updatedAt")
    SELECT l."customerId", p.shown, now()
    FROM linked l JOIN placed p ON p.value = l."value"
    WHERE p.existing IS NULL`;
}
