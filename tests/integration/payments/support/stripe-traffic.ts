import { getDb } from "@/lib/db/client";
import type { StripeSimulator } from "@/simulators/stripe";
import {
  closeDispute,
  createCustomer,
  createDispute,
  createPaymentIntent,
  createRefund,
  failRefund,
} from "@/simulators/stripe/operations";
import { randomEmail } from "../../../support/factories";

const CURRENCIES = ["usd", "eur", "jpy", "gbp", "kwd"];
const CARDS = ["pm_card_visa", "pm_card_visa", "pm_card_mastercard", "pm_card_chargeDeclined"];

function pick<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error("nothing to pick from");
  return item;
}

/**
 * Exactly `n` events of realistic Stripe traffic, made on the simulator's ledger without delivering
 * them: payments (some declined), partial and full refunds, refunds that fail, disputes opened and
 * closed, and new customers (events with no handler, stored and acknowledged) to make up the count.
 */
export function generateStripeTraffic(
  sim: StripeSimulator,
  n: number,
  random: () => number = Math.random,
) {
  const ledger = sim.ledger;
  const first = ledger.events.size;
  const made = () => ledger.events.size - first;
  sim.webhooks.withoutAutoDelivery(() => {
    while (n - made() >= 12) {
      const currency = pick(CURRENCIES, random);
      const amount =
        currency === "jpy"
          ? 100 + Math.floor(random() * 50_000)
          : 500 + Math.floor(random() * 100_000);
      const intent = createPaymentIntent(
        ledger,
        {
          amount,
          currency,
          customer: null,
          paymentMethod: pick(CARDS, random),
          confirm: true,
          captureMethod: "automatic",
          description: "load",
          receiptEmail: randomEmail(),
          metadata: {},
        },
        {},
      );
      if (!intent.ok) continue;
      const charge = ledger.charges.get(intent.value.latest_charge ?? "");
      if (!charge) continue;
      const roll = random();
      if (roll < 0.3) {
        const refund = createRefund(
          ledger,
          {
            charge: charge.id,
            amount: roll < 0.15 ? null : Math.ceil(amount / 3),
            reason: null,
            metadata: {},
          },
          {},
        );
        if (refund.ok && roll < 0.05) failRefund(ledger, refund.value);
      } else if (roll < 0.38) {
        const dispute = createDispute(ledger, charge, "fraudulent");
        if (roll < 0.34) closeDispute(ledger, dispute, roll < 0.32 ? "won" : "lost");
      }
    }
    while (made() < n)
      createCustomer(ledger, { email: randomEmail(), name: null, metadata: {} }, {});
  });
  return ledger.events.all().slice(first);
}

const STATUS: Record<string, string> = {
  pending: "PENDING",
  requires_action: "REQUIRES_ACTION",
  succeeded: "SUCCEEDED",
  failed: "FAILED",
  canceled: "CANCELED",
};

/** Differences between the console's payments and the simulator's ledger (empty when equal). */
export async function differencesFromLedger(
  sim: StripeSimulator,
  only?: ReadonlySet<string>,
): Promise<string[]> {
  const db = getDb();
  const problems: string[] = [];
  const charges = sim.ledger.charges.all().filter((charge) => !only || only.has(charge.id));
  const ours = new Map(
    (
      await db.transaction.findMany({
        where: { chargeId: { in: charges.map((charge) => charge.id) } },
      })
    ).map((row) => [row.chargeId, row]),
  );
  for (const charge of charges) {
    const row = ours.get(charge.id);
    if (!row) {
      problems.push(`${charge.id}: missing`);
      continue;
    }
    const mine = {
      status: row.chargeStatus,
      captured: row.captured,
      amountRefunded: Number(row.amountRefunded),
      disputed: row.disputed,
      amount: Number(row.amount),
      currency: row.currency,
    };
    const theirs = {
      status: charge.status,
      captured: charge.captured,
      amountRefunded: charge.amount_refunded,
      disputed: charge.disputed,
      amount: charge.amount,
      currency: charge.currency,
    };
    if (JSON.stringify(mine) !== JSON.stringify(theirs))
      problems.push(`${charge.id}: ${JSON.stringify(mine)} != ${JSON.stringify(theirs)}`);
  }
  const refunds = sim.ledger.refunds.all().filter((refund) => !only || only.has(refund.charge));
  const ourRefunds = new Map(
    (
      await db.refund.findMany({
        where: { providerRefundId: { in: refunds.map((refund) => refund.id) } },
      })
    ).map((row) => [row.providerRefundId, row]),
  );
  for (const refund of refunds) {
    const row = ourRefunds.get(refund.id);
    if (!row || row.status !== STATUS[refund.status] || Number(row.amount) !== refund.amount)
      problems.push(`${refund.id}: ${row?.status ?? "missing"} != ${refund.status}`);
  }
  const disputes = sim.ledger.disputes.all().filter((dispute) => !only || only.has(dispute.charge));
  const ourDisputes = new Map(
    (
      await db.dispute.findMany({
        where: { providerDisputeId: { in: disputes.map((dispute) => dispute.id) } },
      })
    ).map((row) => [row.providerDisputeId, row]),
  );
  for (const dispute of disputes) {
    const row = ourDisputes.get(dispute.id);
    if (!row || row.status !== dispute.status)
      problems.push(`${dispute.id}: ${row?.status ?? "missing"} != ${dispute.status}`);
  }
  return problems;
}
