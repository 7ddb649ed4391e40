import { resubmitRefundJob } from "@/lib/payments/refund-job";
import { sendRequestJob } from "@/lib/email/send/job";
import { processDeliveryJob } from "@/lib/webhooks/process";
import { bulkReplayJob } from "@/lib/webhooks/bulk-replay";
import type { JobDefinition } from "./job";

/** Every kind of durable work; the runner works each queue listed here. */
export const jobDefinitions: readonly JobDefinition<unknown>[] = [
  processDeliveryJob,
  resubmitRefundJob,
  sendRequestJob,
  bulkReplayJob,
];
