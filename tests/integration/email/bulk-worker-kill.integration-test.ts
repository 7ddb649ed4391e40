import "./support/sendgrid-env";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { createTestUser } from "../../support/users";
import { startWorker, type WorkerProcess } from "../webhooks/support/worker-process";
import { recipientCsv, requestStates, startBulk } from "./support/bulk";
import { eventually, startEmailHarness, type EmailHarness } from "./support/email-harness";

const onPglite = inject("databaseKind") === "pglite";
const title = (what: string) =>
  onPglite ? `${what} (PostgreSQL only: the embedded database serves one process)` : what;

describe("a bulk send whose worker is killed", () => {
  let harness: EmailHarness;
  const workers: WorkerProcess[] = [];
  // What the workers need to reach the simulator, and a short wait for SendGrid's events.
  const workerEnv = () => ({
    SENDGRID_API_BASE: process.env.SENDGRID_API_BASE ?? "",
    SENDGRID_EVENT_WAIT_SECONDS: "5",
    INTEGRATIONS_CONFIG: JSON.stringify({
      overrides: { sendgrid: { timeouts: { attemptMs: 5_000, deadlineMs: 5_000 } } },
    }),
  });

  beforeAll(async () => {
    if (onPglite) return;
    // The events (each message's `processed`) reach the inbox here; the workers process them.
    harness = await startEmailHarness({ runner: false, simulator: { lifecycle: { auto: false } } });
  });
  afterEach(async () => {
    for (const worker of workers.splice(0)) {
      if (worker.child.exitCode === null) worker.child.kill("SIGKILL");
      await worker.exited;
    }
  });
  afterAll(async () => {
    await harness?.close();
  });

  it.skipIf(onPglite)(
    title("still gives every one of 10,000 recipients exactly one email after a SIGKILL halfway"),
    async () => {
      // Each send takes a while, so that the kill finds some of them in flight.
      harness.sim.faults.script([{ latencyMs: 400 }], {
        method: "POST",
        path: "/v3/mail/send",
        repeatLast: true,
      });
      const { actor } = await createTestUser("ADMIN");
      const { csv, emails } = recipientCsv(10_000);
      const bulk = await startBulk(actor, csv);
      expect(bulk.requests).toBe(10);

      const first = startWorker(workerEnv());
      workers.push(first);
      await first.ready;
      await eventually(
        async () =>
          harness.sim.received.filter((request) => request.path === "/v3/mail/send").length,
        (count) => count >= 5,
        120_000,
      );
      first.child.kill("SIGKILL");
      expect(await first.exited).toBeNull();
      const beforeRestart = await requestStates(bulk.id);
      expect(beforeRestart.ACCEPTED ?? 0).toBeLessThan(10);
      // The kill found sends in flight: handed to SendGrid, their answers never recorded.
      expect(beforeRestart.SENDING ?? 0).toBeGreaterThan(0);

      const second = startWorker(workerEnv());
      workers.push(second);
      // The dead worker's jobs come back once their claim expires (60 s); an interrupted send
      // is then settled by its events, or sent again if none came.
      const states = await eventually(
        () => requestStates(bulk.id),
        (counts) => counts.ACCEPTED === 10,
        240_000,
      );
      expect(states).toEqual({ ACCEPTED: 10 });

      // The workers serve the whole queue, so jobs that earlier files left in the shared test
      // database are sent here too: the count is of this bulk send's recipients and sends.
      const ours = new Set(emails);
      const received = harness.sim.ledger.deliveriesByRecipient();
      expect([...received.keys()].filter((email) => ours.has(email))).toHaveLength(10_000);
      expect(emails.every((email) => received.get(email) === 1)).toBe(true);
      const ourSends = new Set(
        harness.sim.ledger.messages
          .all()
          .filter((message) => ours.has(message.email.toLowerCase()))
          .map((message) => message.xMessageId),
      );
      expect(ourSends.size).toBe(10);
      expect(
        await getDb().emailMessage.count({ where: { bulkSendId: bulk.id, status: "QUEUED" } }),
      ).toBe(0);
    },
    360_000,
  );
});
