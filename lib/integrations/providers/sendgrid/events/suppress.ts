import type { EmailSuppressionReason } from "@/lib/db/generated/enums";
import type { HandlerContext } from "../../types";

/**
 * Marks an address suppressed (or, for a group resubscribe, no longer suppressed for that group).
 * Events come out of order, so the event's own time decides: an older event never overrides a
 * newer one. The unique key makes a concurrent first suppression of one address safe.
 */
export async function setSuppression(
  context: HandlerContext,
  change: {
    emailKey: string;
    reason: EmailSuppressionReason;
    groupId?: number;
    active: boolean;
    at: Date;
    detail?: string | null;
    sourceEventId: string;
  },
): Promise<void> {
  const groupId = change.groupId ?? 0;
  await context.tx.$executeRaw`
    INSERT INTO "EmailSuppression"
      ("id", "emailKey", "reason", "groupId", "active", "changedAt", "detail", "sourceEventId", "updatedAt")
    VALUES (gen_random_uuid(), ${change.emailKey}, ${change.reason}::"EmailSuppressionReason", ${groupId},
            ${change.active}, ${change.at}, ${change.detail ?? null}, ${change.sourceEventId}::uuid, now())
    ON CONFLICT ("emailKey", "reason", "groupId") DO UPDATE SET
      "active" = EXCLUDED."active", "changedAt" = EXCLUDED."changedAt",
      "detail" = COALESCE(EXCLUDED."detail", "EmailSuppression"."detail"),
      "sourceEventId" = EXCLUDED."sourceEventId", "updatedAt" = now()
    WHERE EXCLUDED."changedAt" >= "EmailSuppression"."changedAt"`;
}
