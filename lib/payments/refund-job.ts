import { z } from "zod";
import { defineJob } from "@/lib/jobs/job";

/**
 * Sends again a refund whose submission got no answer (network, timeout, an outage), with its
 * original key, until the provider answers; its webhook may settle it first, and then this finds
 * nothing left to do.
 */
export const resubmitRefundJob = defineJob({
  queue: "payments-refund-resubmit",
  data: z.object({ refundId: z.uuid() }),
  batchSize: 5,
  options: {
    retryLimit: 10,
    retryDelay: 15,
    retryBackoff: true,
    retryDelayMax: 600,
    expireInSeconds: 120,
  },
  async handle(data) {
    const { submitRefund } = await import("./refunds");
    const refund = await submitRefund({ refundId: data.refundId, actor: null });
    // Still unanswered: fail this run so the queue tries again later, with backoff.
    if (refund.status === "SUBMITTING" && refund.lastError) {
      throw new Error(`refund ${refund.id} still has no answer: ${refund.lastError}`);
    }
  },
});
