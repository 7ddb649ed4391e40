import "server-only";
import { z } from "zod";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import type { EmailSendState, EmailStatus } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";

export interface BulkProgress {
  total: number;
  /** Waiting to go out (including those waiting for a rate-limit reset or a retry). */
  queued: number;
  /** Handed to SendGrid, answer not yet recorded. */
  sending: number;
  /** Accepted by SendGrid. */
  sent: number;
  failed: number;
  complete: boolean;
  /** When the last request was settled, once complete. */
  completedAt: string | null;
}

async function progressOf(bulkSendIds: string[]): Promise<Map<string, BulkProgress>> {
  const rows = await getDb().emailSendRequest.groupBy({
    by: ["bulkSendId", "state"],
    where: { bulkSendId: { in: bulkSendIds } },
    _sum: { size: true },
    _max: { updatedAt: true },
  });
  const out = new Map<string, BulkProgress>();
  for (const id of bulkSendIds) {
    out.set(id, {
      total: 0,
      queued: 0,
      sending: 0,
      sent: 0,
      failed: 0,
      complete: false,
      completedAt: null,
    });
  }
  const settledAt = new Map<string, Date>();
  for (const row of rows) {
    if (!row.bulkSendId) continue;
    const progress = out.get(row.bulkSendId);
    if (!progress) continue;
    const size = row._sum.size ?? 0;
    const state: EmailSendState = row.state;
    progress.total += size;
    if (state === "PENDING") progress.queued += size;
    else if (state === "SENDING") progress.sending += size;
    else if (state === "ACCEPTED") progress.sent += size;
    else progress.failed += size;
    const at = row._max.updatedAt;
    if (at && (state === "ACCEPTED" || state === "FAILED")) {
      const previous = settledAt.get(row.bulkSendId);
      if (!previous || at > previous) settledAt.set(row.bulkSendId, at);
    }
  }
  for (const [id, progress] of out) {
    progress.complete = progress.total > 0 && progress.queued + progress.sending === 0;
    progress.completedAt = progress.complete ? (settledAt.get(id)?.toISOString() ?? null) : null;
  }
  return out;
}

const listSchema = z.object({ limit: z.coerce.number().int().min(1).max(100).default(25) });

/** Recent bulk sends, newest first, each with its progress. */
export async function listBulkSends(options: { actor: Actor; input?: unknown }) {
  await authorize(options.actor, "emails:send", { resource: "bulk-sends" });
  const { limit } = parseInput(listSchema, options.input ?? {});
  const sends = await getDb().bulkSend.findMany({ orderBy: { createdAt: "desc" }, take: limit });
  const progress = await progressOf(sends.map((send) => send.id));
  return sends.map((send) => ({
    id: send.id,
    createdAt: send.createdAt.toISOString(),
    templateName: send.templateName,
    fileName: send.fileName,
    recipients: send.recipients,
    createdByEmail: send.createdByEmail,
    progress: progress.get(send.id) ?? null,
  }));
}

const uuid = z.uuid();

/**
 * One bulk send: its progress (from its requests), and once complete a summary of where its
 * messages stand (delivered, bounced, opened…, from SendGrid's events so far).
 */
export async function getBulkSend(options: { actor: Actor; id: string }) {
  await authorize(options.actor, "emails:send", { resource: `bulk-send:${options.id}` });
  const id = uuid.safeParse(options.id);
  const send = id.success ? await getDb().bulkSend.findUnique({ where: { id: id.data } }) : null;
  if (!send) throw new AppError("NOT_FOUND", "There is no such bulk send.");
  const progress = (await progressOf([send.id])).get(send.id);
  const failures = await getDb().emailSendRequest.findMany({
    where: { bulkSendId: send.id, state: { in: ["FAILED", "PENDING"] }, lastError: { not: null } },
    select: { seq: true, state: true, size: true, lastError: true, nextAttemptAt: true },
    orderBy: { seq: "asc" },
    take: 20,
  });
  let summary: { status: EmailStatus; count: number }[] | null = null;
  if (progress?.complete) {
    const rows = await getDb().emailMessage.groupBy({
      by: ["status"],
      where: { bulkSendId: send.id },
      _count: { _all: true },
    });
    summary = rows
      .map((row) => ({ status: row.status, count: row._count._all }))
      .sort((a, b) => b.count - a.count);
  }
  return {
    id: send.id,
    createdAt: send.createdAt.toISOString(),
    templateId: send.templateId,
    templateName: send.templateName,
    fileName: send.fileName,
    recipients: send.recipients,
    requests: send.requests,
    createdByEmail: send.createdByEmail,
    progress,
    notes: failures.map((request) => ({
      seq: request.seq,
      state: request.state,
      size: request.size,
      lastError: request.lastError,
      nextAttemptAt: request.nextAttemptAt?.toISOString() ?? null,
    })),
    summary,
  };
}
