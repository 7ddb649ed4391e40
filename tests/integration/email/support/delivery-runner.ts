import { JobRunner } from "@/lib/jobs/runner";
import { processDeliveryJob } from "@/lib/webhooks/process";

/** A runner that only processes webhook deliveries: sends are left to the test. */
export async function createWebhookDeliveryRunner() {
  const runner = new JobRunner({ concurrency: 1, definitions: [processDeliveryJob] });
  await runner.start();
  return runner;
}
