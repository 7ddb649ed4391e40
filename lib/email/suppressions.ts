import "server-only";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import type { Db, Prisma } from "@/lib/db/client";
import { getDb } from "@/lib/db/client";
import type { EmailSuppressionReason } from "@/lib/db/generated/enums";
import { addressKey } from "./addresses";

export interface SuppressionView {
  reason: EmailSuppressionReason;
  groupId: number | null;
  since: string;
  detail: string | null;
  /** What it means, in words. */
  label: string;
}

const LABELS: Record<EmailSuppressionReason, string> = {
  BOUNCE: "Bounced: the address does not accept mail",
  SPAM_REPORT: "Reported an email as spam",
  UNSUBSCRIBE: "Unsubscribed from all email",
  GROUP_UNSUBSCRIBE: "Unsubscribed from a group",
};

/** The address's active suppressions, newest first. */
export async function activeSuppressions(
  emailKey: string,
  db: Db | Prisma.TransactionClient = getDb(),
): Promise<SuppressionView[]> {
  const rows = await db.emailSuppression.findMany({
    where: { emailKey, active: true },
    orderBy: { changedAt: "desc" },
  });
  return rows.map((row) => ({
    reason: row.reason,
    groupId: row.reason === "GROUP_UNSUBSCRIBE" ? row.groupId : null,
    since: row.changedAt.toISOString(),
    detail: row.detail,
    label:
      row.reason === "GROUP_UNSUBSCRIBE"
        ? `${LABELS.GROUP_UNSUBSCRIBE} (group ${row.groupId})`
        : LABELS[row.reason],
  }));
}

/** A recipient's active suppressions, for the email log's recipient search. */
export async function getRecipientSuppressions(options: {
  actor: Actor;
  address: string;
}): Promise<SuppressionView[]> {
  await authorize(options.actor, "console:read", { resource: "email-suppressions" });
  return activeSuppressions(addressKey(options.address));
}
