import { z } from "zod";
import type { EmailStatus } from "@/lib/db/generated/enums";
import type { HandlerContext } from "../../types";

export interface MatchedMessage {
  id: string;
  status: EmailStatus;
  providerMessageId: string | null;
}

const uuid = z.uuid();

/**
 * The message an event belongs to, locked for this transaction so that concurrent events of one
 * message apply one after another. First by the console's own id, which each personalization
 * carries as a custom argument; then by the sg_message_id prefix: SendGrid appends a suffix per
 * recipient to the X-Message-Id it answered, and one X-Message-Id covers every recipient of a
 * request, so the address picks the message. The address must agree either way.
 */
export async function matchMessage(
  context: HandlerContext,
  event: { emailKey: string; sgMessageId?: string; consoleMessageId?: string },
): Promise<MatchedMessage | null> {
  const { tx } = context;
  const byId = uuid.safeParse(event.consoleMessageId);
  if (byId.success) {
    const [row] = await tx.$queryRaw<MatchedMessage[]>`
      SELECT "id", "status", "providerMessageId" FROM "EmailMessage"
      WHERE "id" = ${byId.data}::uuid AND "recipientKey" = ${event.emailKey}
      FOR UPDATE`;
    if (row) return row;
  }
  if (!event.sgMessageId) return null;
  const [row] = await tx.$queryRaw<MatchedMessage[]>`
    SELECT "id", "status", "providerMessageId" FROM "EmailMessage"
    WHERE "recipientKey" = ${event.emailKey} AND "providerMessageId" IS NOT NULL
      AND ("providerMessageId" = ${event.sgMessageId}
           OR starts_with(${event.sgMessageId}, "providerMessageId" || '.'))
    ORDER BY "createdAt" DESC
    LIMIT 1
    FOR UPDATE`;
  return row ?? null;
}

/**
 * The X-Message-Id part of an sg_message_id: what precedes ".filter…" (SendGrid's filter server
 * suffix), or the first dot-separated part.
 */
export function xMessageIdOf(sgMessageId: string): string {
  const filter = sgMessageId.indexOf(".filter");
  if (filter > 0) return sgMessageId.slice(0, filter);
  return sgMessageId.split(".")[0] ?? sgMessageId;
}
