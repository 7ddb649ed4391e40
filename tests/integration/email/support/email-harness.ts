import { getDb } from "@/lib/db/client";
import { sendRequestJob } from "@/lib/email/send/job";
import { SENDGRID } from "@/lib/integrations/providers/sendgrid/names";
import { findProvider, shutdownIntegrationCore } from "@/lib/integrations/runtime";
import type { ResolvedProvider } from "@/lib/integrations/providers/types";
import { getJobQueue, stopJobQueue } from "@/lib/jobs/queue";
import { JobRunner } from "@/lib/jobs/runner";
import { processDeliveryJob } from "@/lib/webhooks/process";
import type { StartSimulatorOptions } from "@/simulators/host/server";
import {
  startSendgridSimulator,
  type SendgridSimulator,
  type SendgridSimulatorOptions,
} from "@/simulators/sendgrid";
import { startReceiver } from "../../webhooks/support/receiver";
import { signingKey, simulatorPort } from "./sendgrid-env";

export interface EmailHarness {
  sim: SendgridSimulator;
  provider: ResolvedProvider;
  receiver: Awaited<ReturnType<typeof startReceiver>>;
  close(): Promise<void>;
}

/**
 * SendGrid as the console sees it in simulator mode, in this test process: the simulator, the
 * module pointed at it (by the same variables `npm start` sets), the webhook route's work on a
 * loopback port, and the job runner sending requests and processing events. The test file
 * imports ./sendgrid-env first, which sets the variables before the environment is read.
 */
export async function startEmailHarness(
  options: {
    simulator?: SendgridSimulatorOptions & StartSimulatorOptions;
    /** Work the job queue in this process (default true). */
    runner?: boolean;
    /** Deliver the simulator's events to the inbox as they happen (default true). */
    deliverEvents?: boolean;
    concurrency?: number;
  } = {},
): Promise<EmailHarness> {
  const sim = await startSendgridSimulator({
    ...options.simulator,
    port: simulatorPort,
    webhookSecret: signingKey,
  });
  const provider = findProvider(SENDGRID);
  if (!provider) throw new Error("the SendGrid module is not registered");
  const receiver = await startReceiver(provider);
  sim.webhooks.configure({
    targetUrl: `${receiver.url}/`,
    autoDeliver: options.deliverEvents ?? true,
  });
  await resetSendgridState();
  // Started as the server starts it, before any send or delivery enqueues inside a transaction.
  await getJobQueue();
  if (options.runner !== false) {
    await new JobRunner({
      concurrency: options.concurrency ?? 2,
      definitions: [processDeliveryJob, sendRequestJob],
    }).start();
  }
  return {
    sim,
    provider,
    receiver,
    async close() {
      await sim.close();
      await receiver.close();
      await stopJobQueue(5_000);
      await shutdownIntegrationCore();
    },
  };
}

/** Circuit and rate-limit state are SendGrid's, shared by every test that talks to it. */
export async function resetSendgridState(): Promise<void> {
  const db = getDb();
  await db.integrationCircuit.deleteMany({ where: { provider: SENDGRID } });
  await db.emailRateWindow.deleteMany({});
  await db.$executeRaw`DELETE FROM "rate_limit_buckets" WHERE "key" LIKE ${`%${SENDGRID}%`}`;
}

/** Polls until `check` holds (or gives up after `timeoutMs`), returning its last value. */
export async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let value = await read();
  while (!check(value) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}
