import { describe, expect, it } from "vitest";
import { decideNotice, describeNotice } from "@/lib/payments/refund-notice-decision";
import { DEMO_TEMPLATES } from "@/simulators/sendgrid";
import { SIMULATED_REFUND_NOTICE_TEMPLATE_ID } from "@/lib/payments/refund-notice-template";

const requested = {
  refundStatus: "SUCCEEDED" as const,
  noticeState: "REQUESTED" as const,
  templateId: SIMULATED_REFUND_NOTICE_TEMPLATE_ID,
  email: "ada@example.com",
  suppressions: [],
};

describe("decideNotice", () => {
  it("queues to the customer's address once the refund succeeded", () => {
    expect(decideNotice(requested)).toEqual({ action: "queue", to: "ada@example.com" });
  });

  it("waits while Stripe has not confirmed the refund", () => {
    for (const refundStatus of [
      "PENDING_APPROVAL",
      "SUBMITTING",
      "PENDING",
      "REQUIRES_ACTION",
    ] as const) {
      expect(decideNotice({ ...requested, refundStatus })).toEqual({ action: "wait" });
    }
  });

  it("does nothing unless the notice is still requested", () => {
    for (const noticeState of [null, "QUEUED", "SKIPPED"] as const) {
      expect(decideNotice({ ...requested, noticeState })).toEqual({ action: "wait" });
    }
  });

  it("skips when the refund did not go through", () => {
    for (const refundStatus of ["FAILED", "CANCELED", "REJECTED"] as const) {
      expect(decideNotice({ ...requested, refundStatus })).toEqual({
        action: "skip",
        reason: "The refund did not go through.",
      });
    }
  });

  it("skips without an address, and names a suppression in words", () => {
    expect(decideNotice({ ...requested, email: null })).toEqual({
      action: "skip",
      reason: "The payment has no customer email address.",
    });
    expect(decideNotice({ ...requested, email: "  " })).toMatchObject({ action: "skip" });
    expect(
      decideNotice({ ...requested, suppressions: ["Bounced: the address does not accept mail"] }),
    ).toEqual({
      action: "skip",
      reason:
        "Not sent: ada@example.com is suppressed (Bounced: the address does not accept mail).",
    });
  });

  it("skips a request that recorded no template rather than sending without one", () => {
    expect(decideNotice({ ...requested, templateId: null })).toMatchObject({ action: "skip" });
  });
});

describe("describeNotice", () => {
  it("says where the email stands", () => {
    expect(describeNotice({ state: "REQUESTED", skipReason: null })).toMatch(
      /when Stripe confirms/,
    );
    expect(
      describeNotice({ state: "QUEUED", recipient: "ada@example.com", skipReason: null }),
    ).toBe("A confirmation email is queued to ada@example.com.");
    expect(describeNotice({ state: "SKIPPED", skipReason: "The refund did not go through." })).toBe(
      "Confirmation email skipped: The refund did not go through.",
    );
  });
});

describe("the simulator's refund confirmation", () => {
  it("is among the SendGrid simulator's templates, with a valid dynamic template id", () => {
    const template = DEMO_TEMPLATES.find(({ id }) => id === SIMULATED_REFUND_NOTICE_TEMPLATE_ID);
    expect(template?.name).toBe("Refund confirmation");
    expect(SIMULATED_REFUND_NOTICE_TEMPLATE_ID).toMatch(/^d-[0-9a-f]{32}$/);
  });
});
