import "server-only";
import { fromPrisma } from "pg-boss";
import type { Prisma } from "@/lib/db/client";

export const SEND_REQUEST_QUEUE = "email-send-request";

/**
 * Schedules a run of a request's job, committed with `tx` (the request's state change that calls
 * for it): a request never waits without a job that will look at it.
 */
export async function scheduleSend(
  tx: Prisma.TransactionClient,
  requests: { requestId: string; at?: Date | null }[],
): Promise<void> {
  if (requests.length === 0) return;
  // Imported when used: the queue module lists every job, this one's among them, and a static
  // import would make the job's module wait for itself.
  const { getJobQueue } = await import("@/lib/jobs/queue");
  const boss = await getJobQueue();
  await boss.insert(
    SEND_REQUEST_QUEUE,
    requests.map(({ requestId, at }) => ({
      data: { requestId },
      ...(at && at.getTime() > Date.now() ? { startAfter: at } : {}),
    })),
    { db: fromPrisma(tx) },
  );
}
