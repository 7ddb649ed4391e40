import { describe, expect, it } from "vitest";
import {
  checkRefund,
  refundableBalance,
  type RefundGuardInput,
} from "@/lib/payments/refund-guards";

const NOW = new Date("2026-11-29T12:00:00Z");

function input(overrides: Partial<RefundGuardInput> = {}): RefundGuardInput {
  return {
    amount: 1_000,
    currency: "usd",
    chargeStatus: "succeeded",
    captured: true,
    disputed: false,
    amountCaptured: 10_000,
    providerRefunded: 0,
    reserved: 0,
    recentSameAmount: [],
    confirmDuplicate: false,
    approvalThreshold: 50_000,
    now: NOW,
    ...overrides,
  };
}

const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

describe("refund guards", () => {
  it("counts refunds that have not failed against the balance, ours or the provider's, whichever is more", () => {
    expect(
      refundableBalance({ amountCaptured: 10_000, providerRefunded: 2_000, reserved: 3_000 }),
    ).toBe(7_000);
    expect(
      refundableBalance({ amountCaptured: 10_000, providerRefunded: 4_000, reserved: 3_000 }),
    ).toBe(6_000);
    expect(
      refundableBalance({ amountCaptured: 10_000, providerRefunded: 0, reserved: 12_000 }),
    ).toBe(0);
  });

  it("allows exactly the balance and refuses one minor unit more", () => {
    expect(checkRefund(input({ amount: 7_000, reserved: 3_000 }))).toMatchObject({ ok: true });
    expect(checkRefund(input({ amount: 7_001, reserved: 3_000 }))).toMatchObject({
      ok: false,
      kind: "over_refund",
      message: expect.stringContaining("$70.00"),
    });
  });

  it("refuses failed, uncaptured and disputed payments", () => {
    expect(checkRefund(input({ chargeStatus: "failed" }))).toMatchObject({
      ok: false,
      kind: "not_refundable",
    });
    expect(checkRefund(input({ captured: false }))).toMatchObject({
      ok: false,
      kind: "not_refundable",
    });
    expect(checkRefund(input({ disputed: true }))).toMatchObject({
      ok: false,
      message: expect.stringContaining("disputed"),
    });
  });

  it("asks for confirmation for the same amount within 10 minutes, not after", () => {
    const recent = (minutes: number) => [
      { createdAt: minutesAgo(minutes), requestedByEmail: "a@example.com" },
    ];
    expect(checkRefund(input({ recentSameAmount: recent(9.9) }))).toMatchObject({
      ok: false,
      kind: "duplicate",
      message: expect.stringContaining("10 minutes ago by a@example.com"),
    });
    expect(checkRefund(input({ recentSameAmount: recent(10.1) }))).toMatchObject({ ok: true });
    expect(
      checkRefund(input({ recentSameAmount: recent(2), confirmDuplicate: true })),
    ).toMatchObject({ ok: true });
  });

  it("needs approval strictly above the threshold", () => {
    expect(checkRefund(input({ amount: 50_000, amountCaptured: 90_000 }))).toMatchObject({
      needsApproval: false,
    });
    expect(checkRefund(input({ amount: 50_001, amountCaptured: 90_000 }))).toMatchObject({
      needsApproval: true,
    });
  });
});
