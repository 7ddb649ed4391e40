import "server-only";
import { randomUUID } from "node:crypto";
import { linkEmailRecipients } from "@/lib/customers/link-customer";
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

/** Messages per INSERT: a few megabytes of JSON, one statement, one round trip. */
const MESSAGES_PER_STATEMENT = 1_000;

/**
 * Logs the messages of SendGrid requests and schedules their jobs, all in the caller's
 * transaction: every message is a row before anything can send it, and a request is never
 * without the job that will send it. Rows go in as one JSON parameter per statement (as the
 * webhook inbox does): a 100,000-recipient list is twenty statements, not a hundred thousand.
 */
export async function createSendRequests(
  tx: Prisma.TransactionClient,
  requests: readonly NewSendRequest[],
): Promise<{ requestIds: string[]; messageIds: string[][] }> {
  const requestIds = requests.map(() => randomUUID());
  await tx.$executeRaw`
    INSERT INTO "EmailSendRequest" ("id", "bulkSendId", "seq", "size", "idempotencyKey", "updatedAt")
    SELECT r.id, r.bulk_send_id, r.seq, r.size, r.idempotency_key, now()
    FROM jsonb_to_recordset(${JSON.stringify(
      requests.map((request, index) => ({
        id: requestIds[index],
        bulk_send_id: request.bulkSendId ?? null,
        seq: request.seq ?? 0,
        size: request.recipients.length,
        idempotency_key: request.idempotencyKey ?? null,
      })),
    )}::jsonb) AS r(id uuid, bulk_send_id uuid, seq int, size int, idempotency_key text)`;

  // What every message of a request shares goes in once per request, not once per message.
  const shared = JSON.stringify(
    requests.map((request, index) => ({
      position: index,
      request_id: requestIds[index],
      template_id: request.templateId,
      template_name: request.templateName,
      bulk_send_id: request.bulkSendId ?? null,
      resend_of_id: request.resendOfId ?? null,
      created_by_id: request.createdBy?.id ?? null,
      created_by_email: request.createdBy?.email ?? null,
    })),
  );
  const messageIds: string[][] = [];
  // The rows' JSON is written as text: a list's 100,000 rows become no objects of their own.
  let rows = "";
  let count = 0;
  let addresses: string[] = [];
  const flush = async () => {
    if (count === 0) return;
    const json = `[${rows}]`;
    rows = "";
    count = 0;
    // Every recipient is a customer, found by address on the Customers page and its timeline.
    await linkEmailRecipients(tx, addresses);
    addresses = [];
    await tx.$executeRaw`
      INSERT INTO "EmailMessage"
        ("id", "recipient", "recipientKey", "templateId", "templateName", "templateData", "dataHash",
         "requestId", "bulkSendId", "resendOfId", "createdById", "createdByEmail", "updatedAt")
      SELECT m.id, m.recipient, m.recipient_key, r.template_id, r.template_name, m.template_data,
             m.data_hash, r.request_id, r.bulk_send_id, r.resend_of_id, r.created_by_id,
             r.created_by_email, now()
      FROM jsonb_to_recordset(${json}::jsonb) AS m(
        id uuid, recipient text, recipient_key text, template_data jsonb, data_hash text,
        request int)
      JOIN jsonb_to_recordset(${shared}::jsonb) AS r(
        position int, request_id uuid, template_id text, template_name text, bulk_send_id uuid,
        resend_of_id uuid, created_by_id uuid, created_by_email text)
        ON r.position = m.request`;
  };
  for (const [index, request] of requests.entries()) {
    const ids: string[] = [];
    for (const recipient of request.recipients) {
      const id = randomUUID();
      ids.push(id);
      rows += `${count === 0 ? "" : ","}{"id":"${id}","recipient":${JSON.stringify(recipient.to)},"recipient_key":${JSON.stringify(addressKey(recipient.to))},"template_data":${JSON.stringify(recipient.data)},"data_hash":"${hashTemplateData(recipient.data)}","request":${index}}`;
      addresses.push(recipient.to);
      count += 1;
      if (count === MESSAGES_PER_STATEMENT) await flush();
    }
    messageIds.push(ids);
  }
  await flush();
  await scheduleSend(
    tx,
    requestIds.map((requestId) => ({ requestId })),
  );
  return { requestIds, messageIds };
}
