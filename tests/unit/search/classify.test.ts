import { describe, expect, it } from "vitest";
import { classifyQuery, searchQuerySchema } from "@/lib/search/classify";

const columns = (q: string) =>
  classifyQuery(q).lookups.map((lookup) => `${lookup.kind}.${lookup.column}=${lookup.value}`);

describe("global search query classification", () => {
  it("reads an address as an email, case-folded and trimmed as lib/email keys recipients", () => {
    expect(classifyQuery("  Ada.Lovelace+Tag@Example.COM ").shape).toBe("email-address");
    expect(columns("  Ada.Lovelace+Tag@Example.COM ")).toEqual([
      "customer.email=ada.lovelace+tag@example.com",
      "payment.customerEmailLower=ada.lovelace+tag@example.com",
      "email.recipientKey=ada.lovelace+tag@example.com",
    ]);
  });

  it("sends each provider id prefix to its own indexed column", () => {
    expect(columns("ch_3Pabc")).toEqual(["payment.chargeId=ch_3Pabc", "refund.chargeId=ch_3Pabc"]);
    expect(columns("py_1X")).toEqual(["payment.chargeId=py_1X", "refund.chargeId=py_1X"]);
    expect(columns("pi_123")).toEqual(["payment.paymentIntentId=pi_123"]);
    expect(columns("cus_ABC")).toEqual([
      "customer.providerId=cus_ABC",
      "payment.customerId=cus_ABC",
    ]);
    expect(columns("re_9")).toEqual(["refund.providerRefundId=re_9"]);
    expect(columns("pyr_9")).toEqual(["refund.providerRefundId=pyr_9"]);
    expect(columns("evt_1Nq")).toEqual(["webhook.eventId=evt_1Nq"]);
  });

  it("looks a UUID up as every table's own id, and as an event id", () => {
    const id = "0F8FAD5B-D9CB-469F-A165-70867728950E";
    const { shape, lookups } = classifyQuery(id);
    expect(shape).toBe("uuid");
    expect(lookups).toContainEqual({ kind: "customer", column: "id", value: id.toLowerCase() });
    expect(lookups).toContainEqual({ kind: "payment", column: "id", value: id.toLowerCase() });
    expect(lookups).toContainEqual({ kind: "refund", column: "id", value: id.toLowerCase() });
    expect(lookups).toContainEqual({ kind: "email", column: "id", value: id.toLowerCase() });
    expect(lookups).toContainEqual({ kind: "webhook", column: "id", value: id.toLowerCase() });
    expect(lookups).toContainEqual({ kind: "webhook", column: "eventId", value: id });
  });

  it("tries any other text as an exact id everywhere, cutting an sg_message_id to its message id", () => {
    expect(classifyQuery("14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0").shape).toBe(
      "other-id",
    );
    expect(columns("14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0")).toContain(
      "email.providerMessageId=14c5d75ce93.dfd.64b469",
    );
    expect(columns("abc123")).toEqual([
      // Our own reference for a customer may look like anything.
      "customer.providerId=abc123",
      "payment.chargeId=abc123",
      "refund.providerRefundId=abc123",
      "email.providerMessageId=abc123",
      "webhook.eventId=abc123",
    ]);
    // A prefix followed by something no id holds is not that id.
    expect(classifyQuery("ch_ spaced").shape).toBe("other-id");
  });

  it("keeps LIKE wildcards as literal text: every lookup is an equality", () => {
    expect(columns("%")).toContain("payment.chargeId=%");
    expect(columns("ch_%")).toEqual(expect.arrayContaining(["webhook.eventId=ch_%"]));
  });
});

describe("the search input", () => {
  it("trims, and takes 1 to 254 characters", () => {
    expect(searchQuerySchema.parse({ q: "  ch_1 " })).toEqual({ q: "ch_1" });
    expect(searchQuerySchema.safeParse({ q: "x".repeat(254) }).success).toBe(true);
    expect(searchQuerySchema.safeParse({ q: "x".repeat(255) }).success).toBe(false);
    expect(searchQuerySchema.safeParse({ q: "   " }).success).toBe(false);
    expect(searchQuerySchema.safeParse({ q: "" }).success).toBe(false);
    expect(searchQuerySchema.safeParse({}).success).toBe(false);
    expect(searchQuerySchema.safeParse({ q: ["a", "b"] }).success).toBe(false);
  });

  it("refuses NUL", () => {
    expect(searchQuerySchema.safeParse({ q: "ch_1\u0000" }).success).toBe(false);
  });
});
