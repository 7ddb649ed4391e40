import "server-only";
import { recordAudit } from "@/lib/audit/audit";
import { AppError } from "@/lib/errors";
import { can, type Actor, type Permission } from "./permissions";

/**
 * The role check every service runs before acting. A denial is audited and becomes a 403,
 * whichever door (page, route handler, server action) the request came through.
 */
export async function authorize(
  actor: Actor,
  permission: Permission,
  context: { resource?: string } = {},
) {
  if (can(actor.role, permission)) return;
  await recordAudit({
    action: "access.denied",
    outcome: "DENIED",
    actor,
    details: { reason: "role", permission, role: actor.role, resource: context.resource },
  });
  throw new AppError("FORBIDDEN", "Your role does not allow this action.");
}
