import { sim } from "./support/stripe-env";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { shutdownIntegrationCore } from "@/lib/integrations/runtime";
import { exportTransactionsCsv, listTransactions } from "@/lib/payments/queries";
import { createTestUser } from "../../support/users";

const TAG = randomUUID().slice(0, 8);
const CURRENCIES = ["usd", "jpy", "eur"] as const;

/** 130 payments a minute apart, in three currencies, tagged so this file sees only its own. */
async function seed() {
  const base = Date.UTC(2020, 0, 1);
  const rows = Array.from({ length: 130 }, (_, index) => {
    const currency = CURRENCIES[index % 3] ?? "usd";
    return {
      chargeId: `ch_list${TAG}${String(index).padStart(4, "0")}`,
      paymentIntentId: `pi_list${TAG}${index}`,
      customerEmail:
        index % 10 === 0 ? `Vip.${TAG}@Example.com` : `buyer${index}.${TAG}@example.com`,
      customerEmailLower:
        index % 10 === 0 ? `vip.${TAG}@example.com` : `buyer${index}.${TAG}@example.com`,
      amount: currency === "jpy" ? 1_000 + index : 1_000 + index * 100,
      amountCaptured: currency === "jpy" ? 1_000 + index : 1_000 + index * 100,
      currency,
      captured: true,
      chargeStatus: "succeeded",
      status: index % 7 === 0 ? ("REFUNDED" as const) : ("SUCCEEDED" as const),
      cardLast4: index === 5 ? "7777" : "4242",
      description: index === 6 ? `=cmd|' /C calc'!A0, "quoted"` : "order",
      createdAt: new Date(base + index * 60_000),
      providerUpdatedAt: new Date(base + index * 60_000),
      raw: {},
    };
  });
  await getDb().transaction.createMany({ data: rows });
  await getDb().refund.create({
    data: {
      chargeId: rows[3]?.chargeId ?? "",
      providerRefundId: `re_list${TAG}`,
      amount: 100,
      currency: "eur",
      status: "SUCCEEDED",
    },
  });
  return rows;
}

describe("the transactions list", () => {
  let viewer: Actor;
  let rows: Awaited<ReturnType<typeof seed>>;
  const mine = { from: "2020-01-01", to: "2020-01-01" };
  beforeAll(async () => {
    viewer = (await createTestUser("VIEWER")).actor;
    rows = await seed();
  });
  afterAll(async () => {
    await sim.close();
    await shutdownIntegrationCore();
  });

  it("pages by keyset through every row exactly once, newest first", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await listTransactions({
        actor: viewer,
        input: { ...mine, limit: "50", ...(cursor ? { cursor } : {}) },
      });
      seen.push(...page.rows.map((row) => row.chargeId));
      cursor = page.next;
    } while (cursor);
    expect(seen).toEqual([...rows].reverse().map((row) => row.chargeId));
  });

  it("filters by status, currency, amount in major units and date, and searches ids, email and last four", async () => {
    const list = async (input: Record<string, string>) =>
      (await listTransactions({ actor: viewer, input: { ...mine, limit: "200", ...input } })).rows;
    expect((await list({ status: "REFUNDED" })).length).toBe(
      rows.filter((row) => row.status === "REFUNDED").length,
    );
    expect((await list({ currency: "JPY" })).every((row) => row.currency === "jpy")).toBe(true);
    // ¥1,050 and more in yen, $10.50 and more (1,050 cents) in dollars and euros: the exponent decides.
    const expensive = await list({ min: "1050" });
    expect(expensive.map((row) => row.chargeId).sort()).toEqual(
      rows
        .filter((row) => (row.currency === "jpy" ? row.amount >= 1_050 : row.amount >= 105_000))
        .map((row) => row.chargeId)
        .sort(),
    );
    expect(
      (await list({ min: "10.50", max: "13", currency: "usd" })).map((row) => row.amount),
    ).toEqual([1_300]);
    expect((await list({ q: `VIP.${TAG}@example.COM` })).length).toBe(13);
    expect((await list({ q: "7777" })).map((row) => row.chargeId)).toEqual([rows[5]?.chargeId]);
    expect((await list({ q: rows[9]?.chargeId ?? "" })).length).toBe(1);
    expect((await list({ q: rows[9]?.paymentIntentId ?? "" })).length).toBe(1);
    expect((await list({ q: `re_list${TAG}` })).map((row) => row.chargeId)).toEqual([
      rows[3]?.chargeId,
    ]);
    expect(await list({ from: "2020-01-02", to: "2020-01-03" })).toEqual([]);
  });

  it("refuses bad filters with a 422 that names the field", async () => {
    for (const input of [
      { currency: "xyz" },
      { min: "NaN" },
      { min: "-5" },
      { status: "LOST" },
      { from: "yesterday" },
      { from: "2020-02-01", to: "2020-01-01" },
      { q: "hello world" },
      { cursor: "not-a-cursor" },
      { limit: "100000" },
    ]) {
      const error = await listTransactions({ actor: viewer, input }).catch(
        (caught: unknown) => caught,
      );
      expect(isAppError(error) && error.status, JSON.stringify(input)).toBe(422);
    }
  });

  it("streams the filter as CSV, with spreadsheet formulas defused", async () => {
    const stream = await exportTransactionsCsv({ actor: viewer, input: mine });
    const text = await new Response(stream).text();
    const lines = text.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "created_at,charge_id,payment_intent_id,status,amount_minor,amount_refunded_minor,currency,customer_email,customer_name,card_brand,card_last4,description",
    );
    expect(lines).toHaveLength(131);
    expect(text).toContain(`"'=cmd|' /C calc'!A0, ""quoted"""`);
  });
});
