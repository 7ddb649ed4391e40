import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { getCustomerDetail } from "@/lib/customers/detail";
import { splitCustomer } from "@/lib/customers/split";
import { getCustomerTimeline } from "@/lib/customers/timeline";
import { getDb } from "@/lib/db/client";
import { applyCharge } from "@/lib/payments/sync";
import { randomEmail, randomId } from "../../support/factories";
import { chargeRecord } from "../../support/charge-records";
import { createTestUser } from "../../support/users";

const DAY = 86_400_000;
const START = Date.UTC(2025, 2, 1);

async function payment(options: {
  stripeId: string;
  email: string;
  day: number;
  amount: number;
  currency: string;
}) {
  const at = new Date(START + options.day * DAY);
  const chargeId = randomId("ch_");
  await getDb().$transaction((tx) =>
    applyCharge(
      tx,
      chargeRecord({
        chargeId,
        paymentIntentId: null,
        customerId: options.stripeId,
        customerEmail: options.email,
        customerName: "Timeline Person",
        amount: options.amount,
        currency: options.currency,
        createdAt: at,
      }),
    ),
  );
  return chargeId;
}

async function email(address: string, day: number, status: "DELIVERED" | "BOUNCED" = "DELIVERED") {
  const message = await getDb().emailMessage.create({
    data: {
      createdAt: new Date(START + day * DAY),
      recipient: address,
      recipientKey: address.toLowerCase(),
      templateId: "d-receipt",
      templateName: "Receipt",
      templateData: {},
      dataHash: "0".repeat(64),
      status,
      requestId: randomUUID(),
    },
  });
  return message.id;
}

describe("customer detail and timeline", () => {
  let support: Actor;
  let admin: Actor;
  let customerId: string;
  const address = randomEmail();
  const stripeA = randomId("cus_");
  const stripeB = randomId("cus_");
  const charges: string[] = [];
  const messages: string[] = [];

  beforeAll(async () => {
    support = (await createTestUser("SUPPORT")).actor;
    admin = (await createTestUser("ADMIN")).actor;
    // Days 0..59: a payment on even days (USD, and JPY every fourth), an email on odd days.
    for (let day = 0; day < 60; day++) {
      if (day % 2 === 0) {
        charges.push(
          await payment({
            stripeId: day < 40 ? stripeA : stripeB,
            email: day < 40 ? address.toUpperCase() : address,
            day,
            amount: day % 4 === 0 ? 500 : 1_050,
            currency: day % 4 === 0 ? "jpy" : "usd",
          }),
        );
      } else {
        messages.push(await email(address, day));
      }
    }
    const link = await getDb().customerLink.findUniqueOrThrow({
      where: { kind_value: { kind: "STRIPE_CUSTOMER", value: stripeA } },
    });
    customerId = link.customerId;
    const charge = charges[0] ?? "";
    await getDb().refund.create({
      data: {
        chargeId: charge,
        providerRefundId: randomId("re_"),
        amount: 200,
        currency: "jpy",
        status: "SUCCEEDED",
        createdAt: new Date(START + 0.5 * DAY),
      },
    });
    await getDb().auditLog.create({
      data: {
        actorId: support.id,
        actorEmail: support.email,
        action: "payment.refund.requested",
        outcome: "SUCCESS",
        targetType: "payment",
        targetId: charge,
        createdAt: new Date(START + 0.6 * DAY),
      },
    });
  });

  it("sums what the customer paid per currency, with the last email and no suppression", async () => {
    const detail = await getCustomerDetail({ actor: support, customerId });
    expect(detail.links.map((link) => link.kind).sort()).toEqual([
      "EMAIL",
      "STRIPE_CUSTOMER",
      "STRIPE_CUSTOMER",
    ]);
    const jpy = detail.totals.find((row) => row.currency === "jpy");
    const usd = detail.totals.find((row) => row.currency === "usd");
    expect(jpy).toMatchObject({ payments: 15, paid: 7_500 });
    expect(usd).toMatchObject({ payments: 15, paid: 15_750 });
    expect(detail.lastEmail?.id).toBe(messages.at(-1));
    expect(detail.suppressions).toEqual([]);
  });

  it("interleaves payments, emails, refunds and staff entries newest first, page after page", async () => {
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await getCustomerTimeline({
        actor: support,
        customerId,
        input: after ? { after } : {},
      });
      seen.push(...page.items.map((item) => `${item.at}|${item.kind}`));
      after = page.next ?? undefined;
      pages += 1;
    } while (after && pages < 10);
    // 30 payments, 30 emails, 1 refund, 1 staff entry; each once, in order.
    expect(seen).toHaveLength(62);
    expect(new Set(seen).size).toBe(62);
    expect([...seen].sort().reverse()).toEqual(seen);
    expect(pages).toBe(2);
    const kinds = seen.slice(0, 4).map((entry) => entry.split("|")[1]);
    expect(kinds).toEqual(["email", "payment", "email", "payment"]);
    expect(seen.slice(-3).map((entry) => entry.split("|")[1])).toEqual([
      "staff",
      "refund",
      "payment",
    ]);
  });

  it("filters by kind and by day", async () => {
    const emails = await getCustomerTimeline({
      actor: support,
      customerId,
      input: { kinds: "email" },
    });
    expect(emails.items.every((item) => item.kind === "email")).toBe(true);
    expect(emails.items).toHaveLength(30);
    expect(emails.items[0]?.messageId).toBe(messages.at(-1));

    const days = await getCustomerTimeline({
      actor: support,
      customerId,
      input: { from: "2025-03-01", to: "2025-03-02" },
    });
    expect(days.items.map((item) => item.kind).sort()).toEqual([
      "email",
      "payment",
      "refund",
      "staff",
    ]);
    await expect(
      getCustomerTimeline({ actor: support, customerId, input: { kinds: "nonsense" } }),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(
      getCustomerTimeline({ actor: support, customerId: "not-a-uuid", input: {} }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("moves a split-off Stripe customer's payments to the new customer, and both show the split", async () => {
    const { newCustomerId } = await splitCustomer({
      actor: admin,
      customerId,
      input: { kind: "STRIPE_CUSTOMER", value: stripeB, reason: "Shared mailbox, other person" },
    });
    const moved = await getCustomerTimeline({
      actor: support,
      customerId: newCustomerId,
      input: { kinds: "payment,staff" },
    });
    expect(moved.items.filter((item) => item.kind === "payment")).toHaveLength(10);
    expect(
      moved.items.some((item) => item.kind === "staff" && item.title === "Customer split"),
    ).toBe(true);
    const kept = await getCustomerTimeline({
      actor: support,
      customerId,
      input: { kinds: "payment" },
    });
    expect(kept.items).toHaveLength(20);
    // The emails stay with the address, which stayed.
    const keptEmails = await getCustomerTimeline({
      actor: support,
      customerId,
      input: { kinds: "email" },
    });
    expect(keptEmails.items).toHaveLength(30);
    const detail = await getCustomerDetail({ actor: support, customerId: newCustomerId });
    expect(detail.splitFrom?.id).toBe(customerId);
    expect(detail.totals.find((row) => row.currency === "usd")?.payments).toBe(5);
  });
});
