import { sim } from "./support/stripe-env";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { signatureHeader } from "@/lib/integrations/providers/stripe/webhooks/signature";
import type { ResolvedProvider } from "@/lib/integrations/providers/types";
import { findProvider, shutdownIntegrationCore } from "@/lib/integrations/runtime";
import { getJobQueue, stopJobQueue } from "@/lib/jobs/queue";
import { JobRunner } from "@/lib/jobs/runner";
import { receiveWebhook } from "@/lib/webhooks/ingest";
import { processDelivery } from "@/lib/webhooks/process";
import type { StripeEvent } from "@/simulators/stripe";
import {
  closeDispute,
  createDispute,
  createPaymentIntent,
  createRefund,
  failRefund,
} from "@/simulators/stripe/operations";
import { recoverMissedEvents } from "@/lib/payments/missed-events";
import { randomEmail } from "../../support/factories";
import { createTestUser } from "../../support/users";
import { eventually } from "../webhooks/support/inbox-harness";
import { startReceiver } from "../webhooks/support/receiver";
import { differencesFromLedger } from "./support/stripe-traffic";

function stripeProvider(): ResolvedProvider {
  const provider = findProvider("stripe");
  if (!provider?.webhooks) throw new Error("the Stripe module has no webhooks");
  return provider;
}

function signed(event: StripeEvent, options: { at?: number; secrets?: string[] } = {}) {
  const body = JSON.stringify(event, null, 2);
  const at = options.at ?? Math.floor(Date.now() / 1000);
  const headers = new Headers({
    "content-type": "application/json",
    "stripe-signature": signatureHeader(options.secrets ?? [sim.webhooks.signer.secret], at, body),
  });
  return { rawBody: Buffer.from(body), headers };
}

function payment(amount = 10_000, currency = "usd") {
  return sim.webhooks.withoutAutoDelivery(() => {
    const intent = createPaymentIntent(
      sim.ledger,
      {
        amount,
        currency,
        customer: null,
        paymentMethod: "pm_card_visa",
        confirm: true,
        captureMethod: "automatic",
        description: "test",
        receiptEmail: randomEmail(),
        metadata: {},
      },
      {},
    );
    if (!intent.ok) throw new Error("payment failed");
    const charge = sim.ledger.charges.get(intent.value.latest_charge ?? "");
    if (!charge) throw new Error("no charge");
    return charge;
  });
}

async function deliverInOrder(events: readonly StripeEvent[]) {
  const provider = stripeProvider();
  for (const event of events) {
    await receiveWebhook({ provider, ...signed(event), sourceIp: null });
    const row = await getDb().webhookDelivery.findFirstOrThrow({
      where: { provider: "stripe", eventId: event.id },
    });
    await processDelivery({ deliveryId: row.id, lookup: findProvider });
  }
}

describe("Stripe webhooks", () => {
  // Started before any delivery's transaction: on the embedded database that is its one connection.
  beforeAll(async () => {
    await getJobQueue();
  });
  afterAll(async () => {
    await stopJobQueue(5_000);
    await shutdownIntegrationCore();
  });

  describe("signatures at the inbox", () => {
    const rejected = async (delivery: { rawBody: Buffer; headers: Headers }, reason: RegExp) => {
      const before = await getDb().webhookDelivery.count({ where: { provider: "stripe" } });
      let status = 0;
      try {
        await receiveWebhook({ provider: stripeProvider(), ...delivery, sourceIp: "203.0.113.7" });
      } catch (error) {
        if (!isAppError(error)) throw error;
        status = error.status;
      }
      expect(status, String(reason)).toBe(400);
      const rows = await getDb().webhookDelivery.findMany({
        where: { provider: "stripe" },
        orderBy: { receivedAt: "desc" },
        take: 1,
      });
      expect(await getDb().webhookDelivery.count({ where: { provider: "stripe" } })).toBe(
        before + 1,
      );
      expect(rows[0]).toMatchObject({ status: "REJECTED", eventId: null, sourceIp: "203.0.113.7" });
      expect(rows[0]?.rejectReason).toMatch(reason);
    };
    const event = () => {
      const charge = payment();
      const found = sim.ledger.events
        .all()
        .find((item) => item.type === "charge.succeeded" && item.data.object.id === charge.id);
      if (!found) throw new Error("no event");
      return found;
    };

    it("stores a valid delivery, and only a rejection record for each bad one", async () => {
      const stored = () =>
        getDb().webhookDelivery.count({
          where: { provider: "stripe", status: { not: "REJECTED" } },
        });
      const storedBefore = await stored();
      const good = event();
      expect(
        await receiveWebhook({ provider: stripeProvider(), ...signed(good), sourceIp: null }),
      ).toEqual({
        accepted: 1,
        duplicates: 0,
      });
      const now = Math.floor(Date.now() / 1000);
      await rejected(
        signed(event(), { secrets: [`whsec_${randomBytes(20).toString("hex")}`] }),
        /no v1 signature matches/,
      );
      const changed = signed(event());
      changed.rawBody[20] = (changed.rawBody[20] ?? 0) ^ 1;
      await rejected(changed, /no v1 signature matches/);
      const original = signed(event());
      await rejected(
        {
          rawBody: Buffer.from(JSON.stringify(JSON.parse(original.rawBody.toString()))),
          headers: original.headers,
        },
        /re-serialised/,
      );
      await rejected(signed(event(), { at: now - 301 }), /in the past/);
      await rejected(signed(event(), { at: now + 360 }), /in the future/);
      const noHeader = signed(event());
      noHeader.headers.delete("stripe-signature");
      await rejected(noHeader, /missing Stripe-Signature/);
      const v0 = signed(event());
      v0.headers.set(
        "stripe-signature",
        (v0.headers.get("stripe-signature") ?? "").replace("v1=", "v0="),
      );
      await rejected(v0, /only v0/);
      // Nothing but the rejections and the one good event reached the inbox.
      expect(await stored()).toBe(storedBefore + 1);
    });

    it("accepts a header with signatures from the old and the new secret", async () => {
      const old = `whsec_${randomBytes(20).toString("hex")}`;
      const delivery = signed(event(), { secrets: [old, sim.webhooks.signer.secret] });
      expect(
        (await receiveWebhook({ provider: stripeProvider(), ...delivery, sourceIp: null }))
          .accepted,
      ).toBe(1);
    });
  });

  describe("events out of order", () => {
    it("never lets an older event overwrite newer state: refunds, a failed refund and a dispute, delivered backwards", async () => {
      const charge = payment(20_000);
      const start = sim.ledger.events.size;
      sim.webhooks.withoutAutoDelivery(() => {
        const first = createRefund(
          sim.ledger,
          { charge: charge.id, amount: 5_000, reason: null, metadata: {} },
          {},
        );
        createRefund(
          sim.ledger,
          { charge: charge.id, amount: 3_000, reason: null, metadata: {} },
          {},
        );
        if (first.ok) failRefund(sim.ledger, first.value);
        const dispute = createDispute(sim.ledger, charge, "fraudulent");
        closeDispute(sim.ledger, dispute, "won");
      });
      // Every event of this charge, the payment's own included, newest first; several share a second,
      // so the handlers must rely on the objects' progress, not on when each event says it happened.
      const events = [
        ...sim.ledger.events
          .all()
          .filter((item) => JSON.stringify(item.data.object).includes(charge.id)),
      ].reverse();
      expect(events.length).toBeGreaterThan(8);
      expect(sim.ledger.events.size).toBeGreaterThan(start);
      await deliverInOrder(events);
      expect(await differencesFromLedger(sim, new Set([charge.id]))).toEqual([]);
      const row = await getDb().transaction.findUniqueOrThrow({ where: { chargeId: charge.id } });
      expect(row).toMatchObject({ status: "DISPUTED", captured: true, disputed: true });
      expect(Number(row.amountRefunded)).toBe(3_000);
      // The timeline knows every event.
      expect(await getDb().paymentEvent.count({ where: { chargeId: charge.id } })).toBe(
        events.filter((item) => item.type !== "payment_intent.created").length,
      );
    });

    it("keeps a charge succeeded when its payment intent's event comes first, and fills in the card when the charge's comes", async () => {
      const charge = payment(4_200, "jpy");
      const events = sim.ledger.events
        .all()
        .filter(
          (item) =>
            JSON.stringify(item.data.object).includes(charge.id) ||
            item.data.object.id === charge.payment_intent,
        );
      const intentFirst = [...events].sort((a) => (a.type === "payment_intent.succeeded" ? -1 : 1));
      await deliverInOrder(intentFirst);
      const row = await getDb().transaction.findUniqueOrThrow({ where: { chargeId: charge.id } });
      expect(row).toMatchObject({
        status: "SUCCEEDED",
        cardLast4: "4242",
        currency: "jpy",
        paymentIntentStatus: "succeeded",
      });
      expect(Number(row.amount)).toBe(4_200);
    });
  });

  describe("payments made outside the console", () => {
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    beforeAll(async () => {
      receiver = await startReceiver(stripeProvider());
      sim.webhooks.configure({ targetUrl: receiver.url, autoDeliver: true });
      await new JobRunner({ concurrency: 1 }).start();
    });
    afterAll(async () => {
      sim.webhooks.configure({ autoDeliver: false });
      await receiver.close();
    });

    it("appear from their webhooks, searchable by email", async () => {
      const email = randomEmail();
      const response = await fetch(`${sim.url}/__simulator/payments`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ amount: 7_700, currency: "eur", email }),
      });
      expect(response.status).toBe(201);
      await sim.webhooks.drain();
      const row = await eventually(
        () => getDb().transaction.findFirst({ where: { customerEmailLower: email.toLowerCase() } }),
        (found) => found?.paymentIntentStatus === "succeeded",
      );
      expect(row).toMatchObject({ status: "SUCCEEDED", currency: "eur", customerEmail: email });
      expect(Number(row?.amount)).toBe(7_700);
    });
  });
  describe("events the console never received", () => {
    it("are found through Stripe's list of events, stored once and applied", async () => {
      const charge = payment(3_300, "gbp");
      const ids = sim.ledger.events
        .all()
        .filter((item) => JSON.stringify(item.data.object).includes(charge.id))
        .map((item) => item.id);
      const { actor } = await createTestUser("ADMIN");
      const first = await recoverMissedEvents({ actor });
      expect(first.stored).toBeGreaterThanOrEqual(ids.length);
      const rows = await getDb().webhookDelivery.findMany({
        where: { provider: "stripe", eventId: { in: ids } },
      });
      expect(rows).toHaveLength(ids.length);
      for (const row of rows) await processDelivery({ deliveryId: row.id, lookup: findProvider });
      expect(await differencesFromLedger(sim, new Set([charge.id]))).toEqual([]);
      // Nothing new the second time: the inbox has them all.
      expect((await recoverMissedEvents({ actor })).stored).toBe(0);
    });
  });
});
