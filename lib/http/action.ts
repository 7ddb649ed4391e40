import "server-only";
import { headers } from "next/headers";
import { authorize } from "@/lib/auth/authorize";
import type { Actor, Permission } from "@/lib/auth/permissions";
import { auditAnonymousDenial, getActor } from "@/lib/auth/session";
import { AppError, isAppError, toErrorBody } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { refuseUnstorableText } from "./input-rules";
import { enforceSameOrigin } from "./same-origin";

export type ActionResult<Data> =
  | { ok: true; data: Data; message?: string }
  | { ok: false; message: string; fieldErrors?: Record<string, string[]> };

/**
 * Server actions are public POST endpoints; each checks origin, session and role itself
 * rather than trusting the page that rendered the form, and refuses text the database cannot store.
 */
export function authenticatedAction<Args extends unknown[], Data>(
  options: { permission: Permission; name: string },
  handler: (actor: Actor, ...args: Args) => Promise<Data>,
) {
  return async (...args: Args): Promise<ActionResult<Data>> => {
    try {
      const requestHeaders = await headers();
      await enforceSameOrigin(requestHeaders, `action:${options.name}`);
      const actor = await getActor();
      if (!actor) {
        await auditAnonymousDenial(`action:${options.name}`, requestHeaders);
        throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again.");
      }
      await authorize(actor, options.permission, { resource: `action:${options.name}` });
      refuseUnstorableText(args, { stripIndex: true });
      return { ok: true, data: await handler(actor, ...args) };
    } catch (error) {
      if (!isAppError(error) || error.status >= 500)
        logger.error({ err: error, action: options.name }, "action failed");
      const { body } = toErrorBody(error);
      return { ok: false, message: body.error.message, fieldErrors: body.error.fieldErrors };
    }
  };
}
