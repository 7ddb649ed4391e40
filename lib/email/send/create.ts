import "server-only";
import { randomUUID } from "node:crypto";
import type { Prisma } from "@/lib/db/client";
import { addressKey } from "../addresses";
import { hashTemplateData, type TemplateData } from "../template-data";
import { scheduleSend } from "./schedule";

export interface NewRecipient {
  to: string;
  data: TemplateData;
}

export interface NewSendRequest {
  templateId: string;
  templateName: string;
  recipients: readonly NewRecipient[];
  bulkSendId?: string;
  seq?: number;
  resendOfId?: string;
  idempotencyKey?: string;
  createdBy?: { id: string; email: string } | null;
}

/** Rows per INSERT: well under PostgreSQL's 65,535 bind parameters at 12 columns a row. */
const INSERT_BATCH = 1_000;

/**
 * Logs the messages of one SendGrid request and schedules its job, all in the caller's
 * transaction: every message is a row before anything can send it, and a request is never
 * without the job that will send it.
 */
export async function createSendRequests(
  tx: Prisma.TransactionClient,
  requests: readonly NewSendRequest[],
): Promise<{ requestIds: string[]; messageIds: string[][] }> {
  const requestIds: string[] = [];
  const requestRows: Prisma.EmailSendRequestCreateManyInput[] = [];
  const messageRows: Prisma.EmailMessageCreateManyInput[] = [];
  const messageIds: string[][] = [];
  for (const request of requests) {
    const requestId = randomUUID();
    requestIds.push(requestId);
    requestRows.push({
      id: requestId,
      bulkSendId: request.bulkSendId ?? null,
      seq: request.seq ?? 0,
      size: request.recipients.length,
      idempotencyKey: request.idempotencyKey ?? null,
    });
    const ids: string[] = [];
    for (const recipient of request.recipients) {
      const id = randomUUID();
      ids.push(id);
      messageRows.push({
        id,
        recipient: recipient.to,
        recipientKey: addressKey(recipient.to),
        templateId: request.templateId,
        templateName: request.templateName,
        templateData: recipient.data,
        dataHash: hashTemplateData(recipient.data),
        requestId,
        bulkSendId: request.bulkSendId ?? null,
        resendOfId: request.resendOfId ?? null,
        createdById: request.createdBy?.id ?? null,
        createdByEmail: request.createdBy?.email ?? null,
      });
    }
    messageIds.push(ids);
  }
  for (let start = 0; start < requestRows.length; start += INSERT_BATCH) {
    await tx.emailSendRequest.createMany({ data: requestRows.slice(start, start + INSERT_BATCH) });
  }
  for (let start = 0; start < messageRows.length; start += INSERT_BATCH) {
    await tx.emailMessage.createMany({ data: messageRows.slice(start, start + INSERT_BATCH) });
  }
  await scheduleSend(
    tx,
    requestIds.map((requestId) => ({ requestId })),
  );
  return { requestIds, messageIds };
}
