import { randomUUID } from "node:crypto";
import type { Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { startBulkSend } from "@/lib/email/bulk/create-bulk-send";
import { DEMO_TEMPLATES } from "@/simulators/sendgrid";
import { randomId } from "../../../support/factories";

export const bulkTemplate = DEMO_TEMPLATES[2] ?? { id: "", name: "" };

/** A recipient list of `n` fresh addresses with a first name each. */
export function recipientCsv(
  n: number,
  prefix = randomId("bulk-"),
): { csv: string; emails: string[] } {
  const emails = Array.from({ length: n }, (_, index) => `${prefix}-${index}@example.com`);
  const rows = emails.map((email, index) => `${email},Person ${index}`);
  return { csv: ["email,first_name", ...rows].join("\n"), emails };
}

export async function startBulk(actor: Actor, csv: string) {
  return startBulkSend({
    actor,
    csv,
    input: { templateId: bulkTemplate.id, fileName: "list.csv", idempotencyKey: randomUUID() },
  });
}

/** The bulk send's requests by state, once none is waiting or in flight. */
export async function requestStates(bulkSendId: string) {
  const rows = await getDb().emailSendRequest.groupBy({
    by: ["state"],
    where: { bulkSendId },
    _count: { _all: true },
  });
  return Object.fromEntries(rows.map((row) => [row.state, row._count._all]));
}
