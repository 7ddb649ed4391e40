import "server-only";
import { z } from "zod";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { parseInput } from "@/lib/validation";
import { addressKey } from "../addresses";
import { afterCursor, decodeCursor, encodeCursor } from "./cursor";
import { messageFilterSchema, messageWhere, type MessageFilter } from "./filters";

export const messageListSchema = z.intersection(
  messageFilterSchema,
  z.object({
    after: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  }),
);

export const messageListColumns = {
  id: true,
  createdAt: true,
  recipient: true,
  templateId: true,
  templateName: true,
  status: true,
  statusAt: true,
  providerMessageId: true,
  attempts: true,
  lastError: true,
  failureReason: true,
  openCount: true,
  clickCount: true,
  bulkSendId: true,
  resendOfId: true,
} as const;

/** The email log, newest first, one page at a time (keyset on createdAt and id). */
export async function listMessages(options: { actor: Actor; input: unknown }) {
  await authorize(options.actor, "console:read", { resource: "emails" });
  const input = parseInput(messageListSchema, options.input);
  const cursor = decodeCursor(input.after);
  const filter: MessageFilter = input;
  const rows = await getDb().emailMessage.findMany({
    where: { AND: [messageWhere(filter), afterCursor(cursor)] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    select: messageListColumns,
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  // Which of the page's recipients are suppressed, in one query for the page.
  const keys = [...new Set(page.map((row) => addressKey(row.recipient)))];
  const suppressed = new Set(
    keys.length === 0
      ? []
      : (
          await getDb().emailSuppression.findMany({
            where: { emailKey: { in: keys }, active: true },
            select: { emailKey: true },
          })
        ).map((row) => row.emailKey),
  );
  return {
    messages: page.map((row) => ({
      ...row,
      suppressed: suppressed.has(addressKey(row.recipient)),
    })),
    next: rows.length > input.limit && last ? encodeCursor(last) : null,
  };
}
