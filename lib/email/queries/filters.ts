import { z } from "zod";
import type { Prisma } from "@/lib/db/client";
import { EmailStatus } from "@/lib/db/generated/enums";
import { xMessageIdOf } from "@/lib/integrations/providers/sendgrid/events/match-message";
import { addressKey } from "../addresses";

/** A form left blank sends "": that is no filter, not a filter for "". */
const blankIsUnset = (value: unknown) => (value === "" ? undefined : value);
const day = z.preprocess(blankIsUnset, z.iso.date({ error: "Dates are YYYY-MM-DD." }).optional());

/** The email log's filters, as they appear in the page's URL and the API's query string. */
export const messageFilterSchema = z
  .object({
    status: z.preprocess(
      blankIsUnset,
      z.enum(EmailStatus, { error: "Unknown status." }).optional(),
    ),
    template: z.preprocess(blankIsUnset, z.string().trim().max(100).optional()),
    from: day,
    to: day,
    /** A recipient address, a SendGrid message id (X-Message-Id or sg_message_id), or the console's id. */
    q: z.preprocess(blankIsUnset, z.string().trim().max(320).optional()),
    /** The messages of one bulk send. */
    bulk: z.preprocess(blankIsUnset, z.uuid({ error: "Unknown bulk send." }).optional()),
  })
  .refine((filter) => !filter.from || !filter.to || filter.from <= filter.to, {
    message: "The start date must not be after the end date.",
    path: ["from"],
  });

export type MessageFilter = z.infer<typeof messageFilterSchema>;

const uuid = z.uuid();

/** The filter as a Prisma condition; dates are whole UTC days, both ends included. */
export function messageWhere(filter: MessageFilter): Prisma.EmailMessageWhereInput {
  const where: Prisma.EmailMessageWhereInput = {
    status: filter.status,
    templateId: filter.template,
    bulkSendId: filter.bulk,
  };
  if (filter.from || filter.to) {
    where.createdAt = {
      gte: filter.from ? new Date(`${filter.from}T00:00:00.000Z`) : undefined,
      lt: filter.to
        ? new Date(new Date(`${filter.to}T00:00:00.000Z`).getTime() + 86_400_000)
        : undefined,
    };
  }
  const q = filter.q;
  if (q) {
    if (q.includes("@")) where.recipientKey = addressKey(q);
    else if (uuid.safeParse(q).success) where.id = q;
    else where.providerMessageId = xMessageIdOf(q);
  }
  return where;
}

/** The filters as query-string pairs, for links that keep them (pagination, export). */
export function filterParams(filter: MessageFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (typeof value === "string" && value !== "") params.set(key, value);
  }
  return params;
}
