import { sim } from "./support/stripe-env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { shutdownIntegrationCore } from "@/lib/integrations/runtime";
import { stopJobQueue } from "@/lib/jobs/queue";
import { decideRefund, requestRefund, submitRefund } from "@/lib/payments/refunds";
import { createTestUser } from "../../support/users";
import { makePayment, refundInput } from "./support/stripe-harness";

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error("expected the request to be refused");
}

describe("refunds against the Stripe simulator", () => {
  let support: Actor;
  let admin: Actor;
  let otherAdmin: Actor;

  const refundsAtStripe = (chargeId: string) =>
    sim.ledger.refunds.all().filter((refund) => refund.charge === chargeId);
  const refundCalls = () =>
    sim.received.filter((request) => request.method === "POST" && request.path === "/v1/refunds")
      .length;

  beforeAll(async () => {
    support = (await createTestUser("SUPPORT")).actor;
    admin = (await createTestUser("ADMIN")).actor;
    otherAdmin = (await createTestUser("ADMIN")).actor;
  });
  afterAll(async () => {
    await sim.close();
    await stopJobQueue(5_000);
    await shutdownIntegrationCore();
  });

  it("20 concurrent submissions of one action make exactly one refund at Stripe", async () => {
    const { chargeId } = await makePayment(support, { amount: 10_000 });
    const input = refundInput(2_500);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => requestRefund({ actor: support, chargeId, input })),
    );
    expect(refundsAtStripe(chargeId)).toHaveLength(1);
    expect(new Set(results.map((result) => result.refund.id)).size).toBe(1);
    expect(await getDb().refund.count({ where: { chargeId } })).toBe(1);
    const stored = await getDb().refund.findFirstOrThrow({ where: { chargeId } });
    expect(stored.status).toBe("SUCCEEDED");
    expect(stored.providerRefundId).toBe(refundsAtStripe(chargeId)[0]?.id);
    // The same action again, later (a retry after a timeout): still that one refund.
    const again = await requestRefund({ actor: support, chargeId, input });
    expect(again.refund.id).toBe(stored.id);
    expect(refundsAtStripe(chargeId)).toHaveLength(1);
  });

  it("with 30% of responses dropped after Stripe committed, each refund happens exactly once", async () => {
    const payments = await Promise.all(
      Array.from({ length: 12 }, () => makePayment(support, { amount: 9_000 })),
    );
    // Exactly three in ten refund requests (first attempts and retries alike) commit, then lose their answer.
    sim.faults.script(
      Array.from({ length: 200 }, (_, index) =>
        (index * 7) % 10 < 3 ? { action: "drop-after-commit" as const } : {},
      ),
      { method: "POST", path: "/v1/refunds" },
    );
    const actions = payments.flatMap(({ chargeId }) => [
      { chargeId, input: refundInput(1_000) },
      { chargeId, input: refundInput(2_000) },
    ]);
    await Promise.all(actions.map((action) => requestRefund({ actor: support, ...action })));
    // Any refund whose every attempt lost its answer is sent again with its key (as the job does).
    for (let round = 0; round < 10; round++) {
      const open = await getDb().refund.findMany({ where: { status: "SUBMITTING" } });
      if (open.length === 0) break;
      await getDb().refund.updateMany({
        where: { status: "SUBMITTING" },
        data: { submitLeaseUntil: null },
      });
      for (const refund of open) await submitRefund({ refundId: refund.id, actor: null });
    }
    sim.faults.reset();
    const dropped =
      sim.received.filter((request) => request.path === "/v1/refunds").length - actions.length;
    expect(dropped).toBeGreaterThan(0);
    for (const action of actions) {
      const ours = await getDb().refund.findUniqueOrThrow({
        where: { idempotencyKey: action.input.idempotencyKey },
      });
      expect(ours.status).toBe("SUCCEEDED");
      const atStripe = sim.ledger.refunds
        .all()
        .filter((refund) =>
          refund.metadata === undefined ? false : JSON.stringify(refund.metadata).includes(ours.id),
        );
      expect(atStripe).toHaveLength(1);
      expect(atStripe[0]?.id).toBe(ours.providerRefundId);
    }
    for (const { chargeId } of payments) expect(refundsAtStripe(chargeId)).toHaveLength(2);
  });

  it("refuses an over-refund before any call, and says how much is left", async () => {
    const { chargeId } = await makePayment(support, { amount: 5_000 });
    await requestRefund({ actor: support, chargeId, input: refundInput(4_000) });
    const before = refundCalls();
    const error = await refusal(
      requestRefund({ actor: support, chargeId, input: refundInput(1_001) }),
    );
    expect(error.status).toBe(422);
    expect(error.userMessage).toMatch(/at most \$10\.00 is left/);
    expect(refundCalls()).toBe(before);
    expect(refundsAtStripe(chargeId)).toHaveLength(1);
    const denial = await getDb().auditLog.findFirst({
      where: { action: "payment.refund.denied", targetId: chargeId, actorId: support.id },
    });
    expect(denial?.outcome).toBe("DENIED");
    // Exactly the rest is fine.
    await requestRefund({ actor: support, chargeId, input: refundInput(1_000) });
    expect(refundsAtStripe(chargeId)).toHaveLength(2);
  });

  it("refuses a failed payment and a disputed one without calling Stripe", async () => {
    const failed = await makePayment(support, { paymentMethod: "pm_card_chargeDeclined" }).catch(
      (error: unknown) => error,
    );
    expect(isAppError(failed)).toBe(true);
    const declinedCharge = sim.ledger.charges.all().find((charge) => charge.status === "failed");
    if (!declinedCharge) throw new Error("no declined charge");
    // The console learns of the failed charge (here by webhook-equivalent re-sync).
    const { resyncPayment } = await import("@/lib/payments/payments");
    await resyncPayment({ actor: support, chargeId: declinedCharge.id });
    const before = refundCalls();
    const notPaid = await refusal(
      requestRefund({ actor: support, chargeId: declinedCharge.id, input: refundInput(100) }),
    );
    expect(notPaid.userMessage).toMatch(/failed/);

    const disputed = await makePayment(support, { paymentMethod: "pm_card_createDispute" });
    await resyncPayment({ actor: support, chargeId: disputed.chargeId });
    const dispute = await refusal(
      requestRefund({ actor: support, chargeId: disputed.chargeId, input: refundInput(100) }),
    );
    expect(dispute.userMessage).toMatch(/disputed/);
    expect(refundCalls()).toBe(before);
  });

  it("asks for confirmation before refunding the same amount on the same charge within 10 minutes", async () => {
    const { chargeId } = await makePayment(support, { amount: 10_000 });
    await requestRefund({ actor: support, chargeId, input: refundInput(1_500) });
    const error = await refusal(
      requestRefund({ actor: support, chargeId, input: refundInput(1_500) }),
    );
    expect(error.code).toBe("CONFLICT");
    expect(error.fieldErrors?.confirmDuplicate?.[0]).toMatch(/already refunded/);
    expect(refundsAtStripe(chargeId)).toHaveLength(1);
    await requestRefund({
      actor: support,
      chargeId,
      input: refundInput(1_500, { confirmDuplicate: true }),
    });
    expect(refundsAtStripe(chargeId)).toHaveLength(2);
  });

  it("holds a refund above the threshold for a second admin; the requester cannot approve it", async () => {
    const { chargeId } = await makePayment(admin, { amount: 90_000 });
    const requested = await requestRefund({ actor: admin, chargeId, input: refundInput(60_000) });
    expect(requested.refund.status).toBe("PENDING_APPROVAL");
    expect(refundsAtStripe(chargeId)).toHaveLength(0);

    const own = await refusal(
      decideRefund({ actor: admin, refundId: requested.refund.id, input: { decision: "approve" } }),
    );
    expect(own.status).toBe(403);
    const bySupport = await refusal(
      decideRefund({
        actor: support,
        refundId: requested.refund.id,
        input: { decision: "approve" },
      }),
    );
    expect(bySupport.status).toBe(403);
    expect(refundsAtStripe(chargeId)).toHaveLength(0);
    // While it waits, its amount is reserved: the rest of the payment is all that can be refunded.
    const over = await refusal(
      requestRefund({ actor: support, chargeId, input: refundInput(30_001) }),
    );
    expect(over.status).toBe(422);

    const approved = await decideRefund({
      actor: otherAdmin,
      refundId: requested.refund.id,
      input: { decision: "approve" },
    });
    expect(approved.refund.status).toBe("SUCCEEDED");
    expect(approved.refund.decidedByEmail).toBe(otherAdmin.email);
    expect(refundsAtStripe(chargeId)).toHaveLength(1);
    const audit = await getDb().auditLog.findMany({
      where: { targetId: chargeId, action: { startsWith: "payment.refund" } },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((entry) => [entry.action, entry.outcome, entry.actorEmail])).toEqual(
      expect.arrayContaining([
        ["payment.refund.approval_requested", "SUCCESS", admin.email],
        ["payment.refund.approval_denied", "DENIED", admin.email],
        ["payment.refund.approved", "SUCCESS", otherAdmin.email],
        ["payment.refund.submitted", "SUCCESS", otherAdmin.email],
      ]),
    );
  });

  it("keeps a JPY refund in yen: no minor unit, no division by 100", async () => {
    const { chargeId } = await makePayment(support, { amount: 12_800, currency: "jpy" });
    const over = await refusal(
      requestRefund({ actor: support, chargeId, input: refundInput(12_801) }),
    );
    expect(over.userMessage).toMatch(/¥12,800/);
    const done = await requestRefund({ actor: support, chargeId, input: refundInput(800) });
    expect(done.refund).toMatchObject({ amount: 800, currency: "jpy", status: "SUCCEEDED" });
    expect(refundsAtStripe(chargeId)[0]?.amount).toBe(800);
  });

  it("refuses bad input with a clear 4xx and writes nothing", async () => {
    const { chargeId } = await makePayment(support, { amount: 5_000 });
    const count = () => getDb().refund.count({ where: { chargeId } });
    for (const amount of [-1, 0, Number.NaN, 1e15, 1.5, "100", null]) {
      const error = await refusal(
        requestRefund({ actor: support, chargeId, input: refundInput(0, { amount }) }),
      );
      expect(error.status).toBe(422);
    }
    const unknownReason = await refusal(
      requestRefund({ actor: support, chargeId, input: refundInput(100, { reason: "because" }) }),
    );
    expect(unknownReason.status).toBe(422);
    const noKey = await refusal(
      requestRefund({ actor: support, chargeId, input: refundInput(100, { idempotencyKey: "x" }) }),
    );
    expect(noKey.status).toBe(422);
    const badCharge = await refusal(
      requestRefund({ actor: support, chargeId: "'; drop table", input: refundInput(100) }),
    );
    expect(badCharge.status).toBe(422);
    const missing = await refusal(
      requestRefund({ actor: support, chargeId: "ch_doesnotexist", input: refundInput(100) }),
    );
    expect(missing.status).toBe(404);
    expect(await count()).toBe(0);
  });

  it("refuses a viewer, and audits the denial", async () => {
    const { actor: viewer } = await createTestUser("VIEWER");
    const { chargeId } = await makePayment(support, { amount: 5_000 });
    const error = await refusal(
      requestRefund({ actor: viewer, chargeId, input: refundInput(100) }),
    );
    expect(error.status).toBe(403);
    expect(refundsAtStripe(chargeId)).toHaveLength(0);
    expect(
      await getDb().auditLog.count({ where: { action: "access.denied", actorId: viewer.id } }),
    ).toBe(1);
  });
});
