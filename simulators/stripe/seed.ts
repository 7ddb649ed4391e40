import { createHash } from "node:crypto";
import type { StripeLedger } from "./ledger";
import { closeDispute, createCustomer, createPaymentIntent, createRefund } from "./operations";

/**
 * Realistic demo payments for a console in simulator mode: several currencies (JPY, which has no
 * minor unit, among them), a few refunds, a decline and a dispute. Ids come from a fixed seed, so
 * a restarted simulator sends the same events again and the console's inbox recognises them
 * instead of doubling the demo.
 */
const PEOPLE = [
  ["Ada Lovelace", "ada@example.com"],
  ["Grace Hopper", "grace.hopper@example.org"],
  ["Kenji Sato", "kenji.sato@example.jp"],
  ["Amélie Durand", "amelie.durand@example.fr"],
  ["Oliver Smith", "oliver.smith@example.co.uk"],
  ["Radia Perlman", "radia@example.net"],
] as const;

const PAYMENTS: {
  person: number;
  amount: number;
  currency: string;
  card: string;
  description: string;
  daysAgo: number;
  refund?: number | "full";
  dispute?: "open" | "lost";
}[] = [
  {
    person: 0,
    amount: 4_999,
    currency: "usd",
    card: "pm_card_visa",
    description: "Annual plan",
    daysAgo: 12,
  },
  {
    person: 1,
    amount: 129_00,
    currency: "usd",
    card: "pm_card_mastercard",
    description: "Team seats (3)",
    daysAgo: 9,
    refund: 43_00,
  },
  {
    person: 2,
    amount: 12_800,
    currency: "jpy",
    card: "pm_card_jcb",
    description: "年間プラン",
    daysAgo: 8,
  },
  {
    person: 2,
    amount: 3_300,
    currency: "jpy",
    card: "pm_card_jcb",
    description: "追加ストレージ",
    daysAgo: 5,
    refund: "full",
  },
  {
    person: 3,
    amount: 89_90,
    currency: "eur",
    card: "pm_card_visa",
    description: "Abonnement mensuel",
    daysAgo: 7,
  },
  {
    person: 4,
    amount: 24_00,
    currency: "gbp",
    card: "pm_card_gb",
    description: "Monthly plan",
    daysAgo: 6,
  },
  {
    person: 5,
    amount: 15_00,
    currency: "usd",
    card: "pm_card_chargeDeclinedInsufficientFunds",
    description: "Monthly plan",
    daysAgo: 4,
  },
  {
    person: 0,
    amount: 250_00,
    currency: "usd",
    card: "pm_card_createDispute",
    description: "Consulting hours",
    daysAgo: 3,
    dispute: "open",
  },
  {
    person: 3,
    amount: 19_90,
    currency: "eur",
    card: "pm_card_visa",
    description: "Abonnement mensuel",
    daysAgo: 2,
    refund: 9_95,
  },
  {
    person: 1,
    amount: 1_200_00,
    currency: "usd",
    card: "pm_card_amex",
    description: "Enterprise onboarding",
    daysAgo: 1,
  },
  {
    person: 4,
    amount: 5_00,
    currency: "gbp",
    card: "pm_card_visa",
    description: "Add-on",
    daysAgo: 0,
  },
];

/** Repeatable ids: the n-th id of a prefix is the same in every run with the same seed. */
function seededIds(seed: string): (prefix: string) => string {
  const counters = new Map<string, number>();
  return (prefix) => {
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    const digest = createHash("sha256")
      .update(`${seed}:${prefix}:${n}`)
      .digest("base64url")
      .replace(/[-_]/g, "x");
    return `${prefix}${digest.slice(0, 24)}`;
  };
}

export function seedDemoPayments(ledger: StripeLedger, now: number, seed = "demo-v1"): void {
  const previousIds = ledger.ids;
  ledger.ids = seededIds(seed);
  try {
    // Whole days back from midnight UTC, so a restart on the same day dates the demo alike.
    const today = Math.floor(now / 86_400_000) * 86_400;
    const customers = PEOPLE.map(([name, email], index) =>
      createCustomer(
        ledger,
        { name, email, metadata: { console_reference: `demo-${index + 1}` } },
        {},
      ),
    );
    PAYMENTS.forEach((payment, index) => {
      const created = today - payment.daysAgo * 86_400 + 9 * 3_600 + index * 997;
      const customer = customers[payment.person];
      const intent = createPaymentIntent(
        ledger,
        {
          amount: payment.amount,
          currency: payment.currency,
          customer: customer?.id ?? null,
          paymentMethod: payment.card,
          confirm: true,
          captureMethod: "automatic",
          description: payment.description,
          receiptEmail: null,
          metadata: { demo: "true" },
          created,
        },
        {},
      );
      const chargeId = intent.ok ? intent.value.latest_charge : null;
      if (chargeId && payment.refund) {
        createRefund(
          ledger,
          {
            charge: chargeId,
            amount: payment.refund === "full" ? null : payment.refund,
            reason: "requested_by_customer",
            metadata: {},
            created: created + 3_600,
          },
          {},
        );
      }
      if (chargeId && payment.dispute === "lost") {
        const dispute = ledger.disputes.all().find((item) => item.charge === chargeId);
        if (dispute) closeDispute(ledger, dispute, "lost");
      }
    });
  } finally {
    ledger.ids = previousIds;
  }
}
