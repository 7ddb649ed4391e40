import { z } from "zod";
import type { Prisma } from "@/lib/db/client";

/** A form left blank sends "": that is no filter, not a filter for "". */
const blankIsUnset = (value: unknown) => (value === "" ? undefined : value);
const day = (what: string) =>
  z.preprocess(blankIsUnset, z.iso.date({ error: `${what} is a date, YYYY-MM-DD.` }).optional());

/** The audit log's filters, as they appear in the page's URL and the API's query string. */
export const auditFilterSchema = z
  .object({
    /** Matches actions starting with it, so "auth." finds every sign-in event. */
    action: z.preprocess(
      blankIsUnset,
      z
        .string()
        .trim()
        .max(100, "action filter is at most 100 characters")
        .refine((value) => !value.includes("\u0000"), "action filter cannot contain NUL")
        .optional(),
    ),
    outcome: z.preprocess(
      blankIsUnset,
      z
        .enum(["SUCCESS", "FAILURE", "DENIED"], {
          error: "outcome must be SUCCESS, FAILURE or DENIED",
        })
        .optional(),
    ),
    /** Part of the actor's email, or a user id. */
    actor: z.preprocess(
      blankIsUnset,
      z
        .string()
        .trim()
        .max(320, "actor filter is at most 320 characters")
        .refine((value) => !value.includes("\u0000"), "actor filter cannot contain NUL")
        .optional(),
    ),
    from: day("The start date"),
    to: day("The end date"),
  })
  .refine((filter) => !filter.from || !filter.to || filter.from <= filter.to, {
    message: "The start date must not be after the end date.",
    path: ["from"],
  });

export type AuditFilter = z.infer<typeof auditFilterSchema>;

const uuid = z.uuid();

/** The filter as a Prisma condition; dates are whole UTC days, both ends included. */
export function auditWhere(filter: AuditFilter): Prisma.AuditLogWhereInput {
  const where: Prisma.AuditLogWhereInput = {
    action: filter.action ? { startsWith: filter.action } : undefined,
    outcome: filter.outcome,
  };
  if (filter.actor) {
    if (uuid.safeParse(filter.actor).success) where.actorId = filter.actor;
    else where.actorEmail = { contains: filter.actor, mode: "insensitive" };
  }
  if (filter.from || filter.to) {
    where.createdAt = {
      gte: filter.from ? new Date(`${filter.from}T00:00:00.000Z`) : undefined,
      lt: filter.to
        ? new Date(new Date(`${filter.to}T00:00:00.000Z`).getTime() + 86_400_000)
        : undefined,
    };
  }
  return where;
}

/** The filters as query-string pairs, for links that keep them (pagination, export). */
export function auditFilterParams(filter: AuditFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (typeof value === "string" && value !== "") params.set(key, value);
  }
  return params;
}
