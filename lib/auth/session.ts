import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { recordAudit, recordFoldedAudit } from "@/lib/audit/audit";
import { clientAddress } from "@/lib/http/client-address";
import { auth } from "./auth";
import { can, type Actor, type Permission } from "./permissions";

/** The signed-in user for this request, re-checked against the database (see auth.ts). */
export const getActor = cache(async (): Promise<Actor | null> => {
  const session = await auth();
  const user = session?.user;
  if (!user?.id || !user.email) return null;
  return { id: user.id, email: user.email, role: user.role };
});

/** One folded row per address and window, however many anonymous requests arrive. */
export async function auditAnonymousDenial(path: string, requestHeaders?: Headers) {
  const source = requestHeaders ?? (await headers());
  await recordFoldedAudit(
    {
      action: "access.denied",
      outcome: "DENIED",
      ip: clientAddress(source),
      details: { reason: "unauthenticated", path },
    },
    { key: "unauthenticated" },
  );
}

/** For pages: sends anonymous visitors to sign in and answers 403 to a role without access. */
export async function requirePageActor(
  path: string,
  permission: Permission = "console:read",
): Promise<Actor> {
  const actor = await getActor();
  if (!actor) {
    await auditAnonymousDenial(path);
    redirect(`/login?callbackUrl=${encodeURIComponent(path)}`);
  }
  if (!can(actor.role, permission)) {
    await recordAudit({
      action: "access.denied",
      outcome: "DENIED",
      actor,
      details: { reason: "role", permission, role: actor.role, path },
    });
    forbidden();
  }
  return actor;
}
