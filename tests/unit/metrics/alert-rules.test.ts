import { describe, expect, it } from "vitest";
import {
  circuitAlerts,
  deadLetterAlerts,
  evaluateAlerts,
  inboxLagAlerts,
  projectedExhaustion,
  quotaAlerts,
  spokenDuration,
  type CircuitInput,
  type QuotaInput,
} from "@/lib/health/alert-rules";

/** A fake clock: every rule takes "now" explicitly, so time moves only when the test moves it. */
const start = new Date("2026-11-29T12:00:00Z");
const at = (ms: number) => new Date(start.getTime() + ms);
const MINUTE = 60_000;

function circuit(overrides: Partial<CircuitInput> = {}): CircuitInput {
  return {
    provider: "stripe",
    displayName: "Stripe",
    state: "CLOSED",
    reason: null,
    openUntil: null,
    ...overrides,
  };
}

function quota(overrides: Partial<QuotaInput> = {}): QuotaInput {
  return {
    provider: "sendgrid",
    displayName: "SendGrid",
    operation: "mail.send",
    remaining: 100,
    limit: 600,
    resetAt: at(60 * MINUTE),
    observedAt: start,
    callsPerMinute: 10,
    ...overrides,
  };
}

describe("circuit rule", () => {
  it("fires while a circuit is open or forced open, links to the provider, and clears when it closes", () => {
    const open = circuit({ state: "OPEN", reason: "5 failures in 60 s", openUntil: at(30_000) });
    const [alert] = circuitAlerts([open], start);
    expect(alert).toMatchObject({
      id: "circuit:stripe",
      kind: "circuit_open",
      severity: "critical",
      href: "/integrations/stripe",
    });
    expect(alert?.detail).toContain("5 failures in 60 s");
    expect(alert?.detail).toContain("30 seconds");
    expect(
      circuitAlerts([circuit({ state: "FORCED_OPEN", reason: "maintenance" })], start),
    ).toEqual([expect.objectContaining({ id: "circuit:stripe", title: "Stripe is switched off" })]);
    for (const state of ["CLOSED", "HALF_OPEN", "FORCED_CLOSED"])
      expect(circuitAlerts([circuit({ state })], start)).toEqual([]);
  });

  it("escapes nothing into the link: a provider name with odd characters stays one path segment", () => {
    const [alert] = circuitAlerts([circuit({ provider: "a/b c", state: "OPEN" })], start);
    expect(alert?.href).toBe("/integrations/a%2Fb%20c");
  });
});

describe("quota rule", () => {
  it("projects from the current rate and fires only within 15 minutes", () => {
    // 100 left at 10 a minute: 10 minutes.
    expect(projectedExhaustion(quota(), start)).toEqual(at(10 * MINUTE));
    expect(quotaAlerts([quota()], start)).toEqual([
      expect.objectContaining({
        id: "quota:sendgrid:mail.send",
        kind: "quota_exhaustion",
        severity: "warning",
        href: "/integrations/sendgrid",
        title: "SendGrid's rate limit runs out in about 10 minutes",
      }),
    ]);
    // 200 left at 10 a minute: 20 minutes, past the horizon.
    expect(quotaAlerts([quota({ remaining: 200 })], start)).toEqual([]);
    // Exactly 15 minutes still fires; a little more does not.
    expect(quotaAlerts([quota({ remaining: 150 })], start)).toHaveLength(1);
    expect(quotaAlerts([quota({ remaining: 151 })], start)).toEqual([]);
  });

  it("does not fire when the window resets first, when nothing is calling, or for a stale reading", () => {
    expect(quotaAlerts([quota({ resetAt: at(5 * MINUTE) })], start)).toEqual([]);
    expect(quotaAlerts([quota({ callsPerMinute: 0 })], start)).toEqual([]);
    // The reading is from 20 minutes ago: the quota has not been reported on since.
    expect(quotaAlerts([quota()], at(20 * MINUTE))).toEqual([]);
    // The window it described has reset.
    expect(quotaAlerts([quota({ resetAt: at(-1) })], start)).toEqual([]);
  });

  it("says a used-up quota is used up until its window resets, then clears", () => {
    const spent = quota({ remaining: 0, callsPerMinute: 0, resetAt: at(2 * MINUTE) });
    expect(quotaAlerts([spent], start)).toEqual([
      expect.objectContaining({ severity: "critical", title: "SendGrid's rate limit is used up" }),
    ]);
    expect(quotaAlerts([spent], at(2 * MINUTE))).toEqual([]);
  });
});

describe("dead-letter rule", () => {
  it("fires per provider with dead-lettered deliveries, linking to them, and clears at zero", () => {
    const alerts = deadLetterAlerts([
      { provider: "stripe", displayName: "Stripe", deliveries: 3 },
      { provider: "sendgrid", displayName: "SendGrid", deliveries: 0 },
    ]);
    expect(alerts).toEqual([
      expect.objectContaining({
        id: "dead-letters:stripe",
        title: "3 Stripe webhooks dead-lettered",
        href: "/webhooks?provider=stripe&status=DEAD_LETTERED",
      }),
    ]);
    expect(
      deadLetterAlerts([{ provider: "stripe", displayName: "Stripe", deliveries: 0 }]),
    ).toEqual([]);
  });
});

describe("inbox lag rule", () => {
  it("fires once a provider's oldest waiting delivery is over a minute old, and clears when none waits", () => {
    const inbox = {
      provider: "stripe",
      displayName: "Stripe",
      pending: 12,
      oldestReceivedAt: start,
    };
    expect(inboxLagAlerts([inbox], at(MINUTE))).toEqual([]);
    const [alert] = inboxLagAlerts([inbox], at(MINUTE + 1_000));
    expect(alert).toMatchObject({
      id: "inbox-lag:stripe",
      kind: "inbox_lag",
      href: "/webhooks?provider=stripe&status=RECEIVED",
      title: "Stripe webhooks are 61 seconds behind",
    });
    expect(alert?.detail).toContain("12 deliveries wait");
    expect(
      inboxLagAlerts([{ ...inbox, pending: 0, oldestReceivedAt: null }], at(10 * MINUTE)),
    ).toEqual([]);
  });
});

describe("all rules together", () => {
  it("lists critical alerts before warnings, and nothing when all is well", () => {
    const inputs = {
      circuits: [circuit({ state: "OPEN" })],
      quotas: [quota()],
      deadLetters: [],
      inboxes: [
        { provider: "acme", displayName: "Acme", pending: 1, oldestReceivedAt: at(-5 * MINUTE) },
      ],
    };
    expect(evaluateAlerts(inputs, start).map((alert) => alert.kind)).toEqual([
      "circuit_open",
      "quota_exhaustion",
      "inbox_lag",
    ]);
    expect(
      evaluateAlerts(
        {
          circuits: [circuit()],
          quotas: [],
          deadLetters: [],
          inboxes: [],
        },
        start,
      ),
    ).toEqual([]);
  });

  it("speaks durations in rounded words", () => {
    expect(spokenDuration(1_000)).toBe("1 second");
    expect(spokenDuration(89_000)).toBe("89 seconds");
    expect(spokenDuration(10 * MINUTE)).toBe("10 minutes");
    expect(spokenDuration(125 * MINUTE)).toBe("2 hours 5 minutes");
  });
});
