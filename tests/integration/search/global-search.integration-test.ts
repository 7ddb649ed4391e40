import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as searchRoute } from "@/app/api/search/route";
import type { Actor } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";
import type * as SessionModule from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { GROUP_LIMIT, globalSearch } from "@/lib/search/global-search";
import { searchResultSchema, type SearchResult } from "@/lib/search/result";
import { randomEmail, randomId } from "../../support/factories";
import { createTestUser } from "../../support/users";

// The session cookie is Auth.js's business (tested in security/); here the session is given.
vi.mock("@/lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof SessionModule>()),
  getActor: vi.fn(async (): Promise<Actor | null> => null),
}));

function signedInAs(actor: Actor | null) {
  vi.mocked(getActor).mockResolvedValue(actor);
}

async function get(query: string) {
  const response = await searchRoute(new NextRequest(`http://localhost:3000/api/search?${query}`), {
    params: Promise.resolve({}),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

function group(result: SearchResult, kind: string) {
  return result.groups.find((item) => item.kind === kind);
}

interface Seeded {
  email: string;
  customerId: string;
  chargeIds: string[];
  paymentIntentId: string;
  refundId: string;
  messageId: string;
  messageRowId: string;
  eventId: string;
  deliveryId: string;
  provider: string;
}

/** One customer's trail: 7 payments (more than a group shows), a refund, 2 emails, a webhook. */
async function seed(): Promise<Seeded> {
  const email = randomEmail();
  const customerId = randomId("cus_");
  const paymentIntentId = randomId("pi_");
  const base = Date.UTC(2024, 5, 1);
  const chargeIds = Array.from({ length: 7 }, () => randomId("ch_"));
  await getDb().transaction.createMany({
    data: chargeIds.map((chargeId, index) => ({
      chargeId,
      paymentIntentId: index === 0 ? paymentIntentId : randomId("pi_"),
      customerId,
      customerEmail: email.toUpperCase(),
      customerEmailLower: email.toLowerCase(),
      amount: 1_000 + index,
      currency: "usd",
      chargeStatus: "succeeded",
      status: "SUCCEEDED" as const,
      createdAt: new Date(base + index * 60_000),
      providerUpdatedAt: new Date(base + index * 60_000),
      raw: { secret_internal_field: "never shown" },
    })),
  });
  const refundId = randomId("re_");
  await getDb().refund.create({
    data: {
      chargeId: chargeIds[0] ?? "",
      providerRefundId: refundId,
      amount: 500,
      currency: "usd",
      status: "SUCCEEDED",
    },
  });
  const messageId = randomId("sgmsg");
  const messages = await Promise.all(
    [messageId, null].map((providerMessageId) =>
      getDb().emailMessage.create({
        data: {
          recipient: email.toUpperCase(),
          recipientKey: email.toLowerCase(),
          templateId: "d-receipt",
          templateName: "Receipt",
          templateData: { orderSecret: "never shown" },
          dataHash: "0".repeat(64),
          providerMessageId,
          requestId: randomUUID(),
        },
      }),
    ),
  );
  const provider = randomId("acme-");
  const eventId = randomId("evt_");
  const delivery = await getDb().webhookDelivery.create({
    data: {
      provider,
      eventId,
      eventType: "charge.succeeded",
      status: "PROCESSED",
      body: JSON.stringify({ secret: "whsec_never_shown" }),
    },
  });
  return {
    email,
    customerId,
    chargeIds,
    paymentIntentId,
    refundId,
    messageId,
    messageRowId: messages[0]?.id ?? "",
    eventId,
    deliveryId: delivery.id,
    provider,
  };
}

describe("global search", () => {
  let viewer: Actor;
  let data: Seeded;

  beforeAll(async () => {
    viewer = (await createTestUser("VIEWER")).actor;
    data = await seed();
  });
  afterEach(() => signedInAs(null));

  it("finds a customer's payments and emails by address, in any case, grouped and capped", async () => {
    const result = await globalSearch({
      actor: viewer,
      input: { q: `  ${data.email.toUpperCase()} ` },
    });
    expect(result.groups.map((item) => item.kind)).toEqual(["payment", "email"]);
    const payments = group(result, "payment");
    expect(payments?.items).toHaveLength(GROUP_LIMIT);
    expect(payments?.more).toBe(true);
    expect(payments?.seeAllHref).toBe(`/transactions?q=${encodeURIComponent(data.email)}`);
    // Newest first.
    expect(payments?.items[0]).toMatchObject({
      title: data.chargeIds[6],
      href: `/transactions/${data.chargeIds[6]}`,
      amount: "$10.06",
      status: "SUCCEEDED",
    });
    const emails = group(result, "email");
    expect(emails?.items).toHaveLength(2);
    expect(emails?.more).toBe(false);
    expect(emails?.items[0]?.href).toMatch(/^\/emails\/[0-9a-f-]{36}$/);
    expect(emails?.seeAllHref).toBe(`/emails?q=${encodeURIComponent(data.email)}`);
  });

  it("finds each kind by its own id", async () => {
    const search = (q: string) => globalSearch({ actor: viewer, input: { q } });

    const byCharge = await search(data.chargeIds[0] ?? "");
    expect(group(byCharge, "payment")?.items.map((item) => item.title)).toEqual([
      data.chargeIds[0],
    ]);
    // The charge's refunds come with it.
    expect(group(byCharge, "refund")?.items.map((item) => item.title)).toEqual([data.refundId]);

    const byIntent = await search(data.paymentIntentId);
    expect(group(byIntent, "payment")?.items.map((item) => item.title)).toEqual([
      data.chargeIds[0],
    ]);

    const byCustomer = await search(data.customerId);
    expect(group(byCustomer, "payment")?.items).toHaveLength(GROUP_LIMIT);

    const byRefund = await search(data.refundId);
    expect(byRefund.groups.map((item) => item.kind)).toEqual(["refund"]);
    expect(group(byRefund, "refund")?.items[0]).toMatchObject({
      href: `/transactions/${data.chargeIds[0]}`,
      amount: "$5.00",
    });

    // SendGrid's event id, sg_message_id, starts with the message id.
    const byMessage = await search(`${data.messageId}.filter0001.16648.5515E0B88.0`);
    expect(group(byMessage, "email")?.items.map((item) => item.id)).toEqual([data.messageRowId]);

    const byEvent = await search(data.eventId);
    expect(group(byEvent, "webhook")?.items[0]).toMatchObject({
      href: `/webhooks/${data.deliveryId}`,
      title: data.eventId,
      detail: `${data.provider} · charge.succeeded`,
      status: "PROCESSED",
    });
    expect(group(byEvent, "webhook")?.seeAllHref).toBe(
      `/webhooks?eventId=${encodeURIComponent(data.eventId)}`,
    );

    const byUuid = await search(data.deliveryId.toUpperCase());
    expect(group(byUuid, "webhook")?.items.map((item) => item.id)).toEqual([data.deliveryId]);
  });

  it("answers nothing found with no groups, and never with a near match", async () => {
    for (const q of [randomEmail(), randomId("ch_"), data.email.slice(0, -1), "%", "_"]) {
      expect((await globalSearch({ actor: viewer, input: { q } })).groups).toEqual([]);
    }
  });

  it("returns no provider internals: no raw objects, bodies or template data", async () => {
    const result = await globalSearch({ actor: viewer, input: { q: data.email } });
    const text = JSON.stringify([
      result,
      await globalSearch({ actor: viewer, input: { q: data.eventId } }),
    ]);
    expect(text).not.toMatch(/never shown|whsec_|secret/i);
    expect(searchResultSchema.parse(result)).toEqual(result);
  });

  describe("GET /api/search", () => {
    it("lets a viewer search", async () => {
      signedInAs(viewer);
      const { status, body } = await get(`q=${encodeURIComponent(data.eventId)}`);
      expect(status).toBe(200);
      const result = searchResultSchema.parse((body as { data: unknown }).data);
      expect(result.groups.map((item) => item.kind)).toEqual(["webhook"]);
    });

    it("lets support search too", async () => {
      signedInAs((await createTestUser("SUPPORT")).actor);
      expect((await get(`q=${encodeURIComponent(data.email)}`)).status).toBe(200);
    });

    it("answers 401 without a session", async () => {
      signedInAs(null);
      const { status, body } = await get(`q=${encodeURIComponent(data.email)}`);
      expect(status).toBe(401);
      expect(body).toMatchObject({ success: false, error: { code: "UNAUTHENTICATED" } });
    });

    it("answers 422 to a missing, blank or too long q, and to NUL", async () => {
      signedInAs(viewer);
      for (const query of ["", "q=", "q=%20%20", `q=${"x".repeat(255)}`, "q=ch_1%00", "q=%00"]) {
        const { status, body } = await get(query);
        expect(status, query).toBe(422);
        expect(body).toMatchObject({ success: false, error: { code: "VALIDATION_FAILED" } });
      }
      // 254 characters after trimming is still fine.
      expect((await get(`q=${encodeURIComponent(` ${"x".repeat(254)} `)}`)).status).toBe(200);
    });
  });
});
