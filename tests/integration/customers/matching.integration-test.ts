import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { linkCustomer } from "@/lib/customers/link-customer";
import { listCustomers } from "@/lib/customers/list";
import { splitCustomer } from "@/lib/customers/split";
import { getDb } from "@/lib/db/client";
import { createSendRequests } from "@/lib/email/send/create";
import { getJobQueue } from "@/lib/jobs/queue";
import { applyCharge } from "@/lib/payments/sync";
import { randomEmail, randomId, randomName } from "../../support/factories";
import { chargeRecord } from "../../support/charge-records";
import { createTestUser } from "../../support/users";

function charge(overrides: { customerId: string | null; email: string | null; name?: string }) {
  return chargeRecord({
    customerId: overrides.customerId,
    customerEmail: overrides.email,
    customerName: overrides.name ?? null,
  });
}

async function storeCharge(record: ReturnType<typeof charge>) {
  await getDb().$transaction((tx) => applyCharge(tx, record), { maxWait: 20_000, timeout: 20_000 });
  return record;
}

async function customerOf(kind: "STRIPE_CUSTOMER" | "EMAIL" | "REFERENCE", value: string) {
  const link = await getDb().customerLink.findUnique({ where: { kind_value: { kind, value } } });
  return link?.customerId ?? null;
}

async function sendTo(address: string) {
  return getDb().$transaction((tx) =>
    createSendRequests(tx, [
      {
        templateId: "d-4f0c1e7a9b2d4c6e8f1a3b5c7d9e0f21",
        templateName: "Payment receipt",
        recipients: [{ to: address, data: {} }],
      },
    ]),
  );
}

describe("customer matching", () => {
  let admin: Actor;
  let support: Actor;
  beforeAll(async () => {
    admin = (await createTestUser("ADMIN")).actor;
    support = (await createTestUser("SUPPORT")).actor;
    // Started before any transaction: on the embedded database that one connection is the queue's too.
    await getJobQueue();
  });

  it("joins two Stripe customers whose addresses differ only in case, and says why", async () => {
    const address = randomEmail();
    const first = randomId("cus_");
    const second = randomId("cus_");
    await storeCharge(charge({ customerId: first, email: address.toUpperCase() }));
    await storeCharge(charge({ customerId: second, email: address }));
    const owner = await customerOf("STRIPE_CUSTOMER", first);
    expect(owner).not.toBeNull();
    expect(await customerOf("STRIPE_CUSTOMER", second)).toBe(owner);
    expect(await customerOf("EMAIL", address.toLowerCase())).toBe(owner);
    const joined = await getDb().customerLink.findUniqueOrThrow({
      where: { kind_value: { kind: "STRIPE_CUSTOMER", value: second } },
    });
    expect(joined.explanation).toMatch(/^Matched by email/);
    expect(joined.explanation).toContain(address.toLowerCase());
  });

  it("makes one customer when ten payments with one new address arrive at once", async () => {
    const address = randomEmail();
    const stripeIds = Array.from({ length: 10 }, () => randomId("cus_"));
    await Promise.all(
      stripeIds.map((id) => storeCharge(charge({ customerId: id, email: address }))),
    );
    const owners = new Set(
      await Promise.all(stripeIds.map((id) => customerOf("STRIPE_CUSTOMER", id))),
    );
    expect(owners.size).toBe(1);
    const [owner] = [...owners];
    expect(owner).toBeTruthy();
    expect(await customerOf("EMAIL", address)).toBe(owner);
    // No customer was left behind without identifiers by the transactions that lost the race.
    const orphans = await getDb().$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM "Customer" c
      WHERE NOT EXISTS (SELECT 1 FROM "CustomerLink" l WHERE l."customerId" = c."id")`;
    expect(orphans[0]?.count).toBe(0);
  });

  it("joins an email's recipient to the customer that paid with that address", async () => {
    const address = randomEmail();
    const stripeId = randomId("cus_");
    await storeCharge(charge({ customerId: stripeId, email: address }));
    await sendTo(address.toUpperCase());
    await sendTo(`  ${address}`);
    const owner = await customerOf("STRIPE_CUSTOMER", stripeId);
    expect(await customerOf("EMAIL", address)).toBe(owner);
    const lonely = randomEmail();
    await Promise.all([sendTo(lonely), sendTo(lonely), sendTo(lonely)]);
    const lonelyOwner = await customerOf("EMAIL", lonely);
    expect(lonelyOwner).not.toBeNull();
    expect(await getDb().customer.count({ where: { email: lonely } })).toBe(1);
  });

  it("merges the customers a payment shows to be one person, and says so on each moved link", async () => {
    const address = randomEmail();
    const stripeId = randomId("cus_");
    await sendTo(address);
    const byEmail = await customerOf("EMAIL", address);
    // Stripe's first charge carries no address: a customer of its own, for now.
    await storeCharge(charge({ customerId: stripeId, email: null }));
    const byStripe = await customerOf("STRIPE_CUSTOMER", stripeId);
    expect(byStripe).not.toBe(byEmail);
    // A later charge carries both: they are one customer.
    await storeCharge(charge({ customerId: stripeId, email: address }));
    expect(await customerOf("STRIPE_CUSTOMER", stripeId)).toBe(byStripe);
    expect(await customerOf("EMAIL", address)).toBe(byStripe);
    expect(await getDb().customer.count({ where: { id: byEmail ?? "" } })).toBe(0);
    const moved = await getDb().customerLink.findUniqueOrThrow({
      where: { kind_value: { kind: "EMAIL", value: address } },
    });
    expect(moved.explanation).toMatch(/^Merged: address .* was seen together with Stripe customer/);
    expect(moved.explanation).toContain("Before: First seen as the recipient of an email.");
  });

  it("folds +tags only when configured", async () => {
    const base = randomEmail();
    const tagged = base.replace("@", "+news@");
    const db = getDb();
    const plain = await db.$transaction((tx) => linkCustomer(tx, { email: base }));
    const separate = await db.$transaction((tx) => linkCustomer(tx, { email: tagged }));
    expect(separate).not.toBe(plain);

    const other = randomEmail();
    const folded = other.replace("@", "+shop@");
    const first = await db.$transaction((tx) =>
      linkCustomer(tx, { email: other }, { foldPlusTags: true }),
    );
    const second = await db.$transaction((tx) =>
      linkCustomer(
        tx,
        { email: folded, stripeCustomerId: randomId("cus_") },
        { foldPlusTags: true },
      ),
    );
    expect(second).toBe(first);
    const link = await db.customerLink.findUniqueOrThrow({
      where: { kind_value: { kind: "EMAIL", value: folded } },
    });
    expect(link.explanation).toContain("+tag");
  });

  it("lets an admin split a wrong match; the split is audited and holds for later payments", async () => {
    const address = randomEmail();
    const right = randomId("cus_");
    const wrong = randomId("cus_");
    await storeCharge(charge({ customerId: right, email: address, name: randomName() }));
    const wrongCharge = await storeCharge(charge({ customerId: wrong, email: address }));
    const original = await customerOf("STRIPE_CUSTOMER", right);
    expect(await customerOf("STRIPE_CUSTOMER", wrong)).toBe(original);
    if (!original) throw new Error("no customer");

    await expect(
      splitCustomer({
        actor: support,
        customerId: original,
        input: { kind: "STRIPE_CUSTOMER", value: wrong, reason: "Different person" },
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      splitCustomer({
        actor: admin,
        customerId: original,
        input: { kind: "STRIPE_CUSTOMER", value: wrong, reason: "" },
      }),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });

    const { newCustomerId } = await splitCustomer({
      actor: admin,
      customerId: original,
      input: {
        kind: "STRIPE_CUSTOMER",
        value: wrong,
        reason: "A different person, same family inbox",
      },
    });
    expect(await customerOf("STRIPE_CUSTOMER", wrong)).toBe(newCustomerId);
    const audit = await getDb().auditLog.findFirstOrThrow({
      where: { action: "customer.split", targetId: original },
    });
    expect(audit.actorId).toBe(admin.id);
    expect(audit.details).toMatchObject({ newCustomerId, value: wrong });

    // Later payments of the split-off Stripe customer stay with it, although the address matches.
    await storeCharge(charge({ customerId: wrong, email: address }));
    expect(await customerOf("STRIPE_CUSTOMER", wrong)).toBe(newCustomerId);
    expect(await customerOf("EMAIL", address)).toBe(original);
    const link = await getDb().customerLink.findUniqueOrThrow({
      where: { kind_value: { kind: "STRIPE_CUSTOMER", value: wrong } },
    });
    expect(link.pinned).toBe(true);
    expect(link.explanation).toContain("A different person");

    // Splitting the last identifier is refused.
    await expect(
      splitCustomer({
        actor: admin,
        customerId: newCustomerId,
        input: { kind: "STRIPE_CUSTOMER", value: wrong, reason: "again" },
      }),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    expect(wrongCharge.chargeId).toMatch(/^ch_/);
  });

  it("finds customers by address, Stripe id, charge id and name prefix", async () => {
    const address = randomEmail();
    const stripeId = randomId("cus_");
    const name = `Zyx${randomId()} Q`;
    const paid = await storeCharge(charge({ customerId: stripeId, email: address, name }));
    const owner = await customerOf("STRIPE_CUSTOMER", stripeId);
    for (const q of [
      address.toUpperCase(),
      stripeId,
      paid.chargeId,
      name.slice(0, 8).toLowerCase(),
    ]) {
      const page = await listCustomers({ actor: support, input: { q } });
      expect(
        page.items.map((item) => item.id),
        q,
      ).toContain(owner);
    }
    const none = await listCustomers({ actor: support, input: { q: `nobody-${randomUUID()}` } });
    expect(none.items).toEqual([]);
    await expect(
      listCustomers({ actor: support, input: { after: "not-a-cursor" } }),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
  });
});
