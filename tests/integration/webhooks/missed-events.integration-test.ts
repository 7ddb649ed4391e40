import { sim } from "../payments/support/stripe-env";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { shutdownIntegrationCore } from "@/lib/integrations/runtime";
import { stopJobQueue } from "@/lib/jobs/queue";
import { findMissedEvents, recoverMissedEvents } from "@/lib/payments/missed-events";
import { createPaymentIntent } from "@/simulators/stripe/operations";
import { randomEmail } from "../../support/factories";
import { createTestUser } from "../../support/users";

describe("missed Stripe events on the deliveries page", () => {
  afterAll(async () => {
    await stopJobQueue(5_000);
    await shutdownIntegrationCore();
    await sim.close();
  });

  it("are listed without storing anything, then ingested once through the inbox", async () => {
    sim.webhooks.withoutAutoDelivery(() =>
      createPaymentIntent(
        sim.ledger,
        {
          amount: 4_200,
          currency: "usd",
          customer: null,
          paymentMethod: "pm_card_visa",
          confirm: true,
          captureMethod: "automatic",
          description: "never delivered",
          receiptEmail: randomEmail(),
          metadata: {},
        },
        {},
      ),
    );
    const sent = sim.ledger.events.all().map((event) => event.id);
    expect(sent.length).toBeGreaterThan(0);
    const { actor } = await createTestUser("ADMIN");
    const inbox = () =>
      getDb().webhookDelivery.count({ where: { provider: "stripe", eventId: { in: sent } } });

    const found = await findMissedEvents({ actor });
    expect(found.missing.map((event) => event.eventId)).toEqual(expect.arrayContaining(sent));
    expect(found.missing[0]).toMatchObject({
      type: expect.any(String),
      createdAt: expect.any(String),
    });
    expect(await inbox()).toBe(0);

    const recovered = await recoverMissedEvents({ actor });
    expect(recovered.stored).toBeGreaterThanOrEqual(sent.length);
    expect(await inbox()).toBe(sent.length);
    const again = await findMissedEvents({ actor });
    expect(again.missing.filter((event) => sent.includes(event.eventId))).toEqual([]);
  });
});
