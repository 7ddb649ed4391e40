import "server-only";
import type { Actor } from "@/lib/auth/permissions";
import { countOpenSessions } from "@/lib/auth/sessions";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

export interface OwnAccount {
  email: string;
  name: string;
  role: Actor["role"];
  lastSignInAt: Date | null;
  openSessions: number;
}

/** What the account page shows the signed-in user about themselves. */
export async function getOwnAccount(options: { actor: Actor }): Promise<OwnAccount> {
  const user = await getDb().user.findUnique({
    where: { id: options.actor.id },
    select: { id: true, email: true, name: true, role: true, lastSignInAt: true },
  });
  if (!user) throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again.");
  const sessions = await countOpenSessions([user.id]);
  return {
    email: user.email,
    name: user.name,
    role: user.role,
    lastSignInAt: user.lastSignInAt,
    openSessions: sessions.get(user.id) ?? 0,
  };
}
