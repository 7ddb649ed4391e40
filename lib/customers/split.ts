import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/audit";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { customerLinkKinds } from "./views";

export const splitSchema = z.object({
  kind: z.enum(customerLinkKinds, { error: "Choose the identifier to split off." }),
  value: z.string().trim().min(1, "Choose the identifier to split off.").max(300),
  reason: z
    .string({ error: "Say why this match is wrong." })
    .trim()
    .min(3, "Say why this match is wrong, for the audit log.")
    .max(500, "Keep the reason under 500 characters.")
    .refine((value) => !value.includes("\u0000"), "The reason cannot contain a NUL character."),
});

const uuid = z.uuid();

/**
 * An admin undoes a wrong match: the identifier moves to a new customer of its own, pinned there
 * so matching never joins it back, and the split is in the audit log. What the identifier brings
 * (a Stripe customer's payments, an address's emails) follows it to the new customer.
 */
export async function splitCustomer(options: {
  actor: Actor;
  customerId: string;
  input: unknown;
  ip?: string | null;
}): Promise<{ customerId: string; newCustomerId: string }> {
  await authorize(options.actor, "customers:split", { resource: `customer:${options.customerId}` });
  const input = parseInput(splitSchema, options.input);
  const id = uuid.safeParse(options.customerId);
  if (!id.success) throw new AppError("NOT_FOUND", "There is no such customer.");
  return getDb().$transaction(async (tx) => {
    // Two admins splitting the same customer at once take turns.
    const locked = await tx.$queryRaw<{ id: string; name: string | null; email: string | null }[]>`
      SELECT "id", "name", "email" FROM "Customer" WHERE "id" = ${id.data}::uuid FOR UPDATE`;
    const customer = locked[0];
    if (!customer) throw new AppError("NOT_FOUND", "There is no such customer.");
    const links = await tx.customerLink.findMany({ where: { customerId: customer.id } });
    const link = links.find((item) => item.kind === input.kind && item.value === input.value);
    if (!link) {
      throw new AppError(
        "CONFLICT",
        "That identifier is no longer this customer's; reload the page.",
      );
    }
    if (links.length < 2) {
      throw new AppError(
        "VALIDATION_FAILED",
        "This is the customer's only identifier: there is nothing to split it from.",
      );
    }
    const created = await tx.customer.create({
      data: {
        email: link.kind === "EMAIL" ? link.value : null,
        name: link.kind === "EMAIL" ? null : customer.name,
        nameKey: link.kind === "EMAIL" ? null : (customer.name?.toLowerCase() ?? null),
        splitFromId: customer.id,
      },
    });
    const when = new Date().toISOString().slice(0, 16).replace("T", " ");
    await tx.customerLink.update({
      where: { kind_value: { kind: link.kind, value: link.value } },
      data: {
        customerId: created.id,
        pinned: true,
        explanation: `Split off ${customer.name ?? customer.email ?? customer.id} by ${options.actor.email} on ${when} UTC: ${input.reason}`,
      },
    });
    if (link.kind === "EMAIL" && customer.email?.toLowerCase() === link.value) {
      const other = links.find((item) => item.kind === "EMAIL" && item.value !== link.value);
      await tx.customer.update({
        where: { id: customer.id },
        data: { email: other?.value ?? null },
      });
    }
    await recordAudit({
      db: tx,
      action: "customer.split",
      outcome: "SUCCESS",
      actor: options.actor,
      ip: options.ip,
      target: { type: "customer", id: customer.id },
      details: {
        newCustomerId: created.id,
        kind: link.kind,
        value: link.value,
        previousExplanation: link.explanation,
        reason: input.reason,
      },
    });
    return { customerId: customer.id, newCustomerId: created.id };
  });
}
