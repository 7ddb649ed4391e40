import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/audit";
import { hashPassword } from "@/lib/auth/password";
import { revokeUserSessions } from "@/lib/auth/sessions";
import { clearSignInCounters } from "@/lib/auth/sign-in-throttle";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { emailSchema, newPasswordSchema } from "./schemas";

const resetSchema = z.object({
  email: emailSchema,
  password: newPasswordSchema.optional(),
  enable: z.boolean().default(false),
});

export interface PasswordReset {
  userId: string;
  email: string;
  role: "ADMIN" | "SUPPORT" | "VIEWER";
  /** Set when no password was given; the caller shows it once, it is stored only hashed. */
  generatedPassword?: string;
  /** The account was disabled and stays so (no `enable`): the new password does not sign in. */
  stillDisabled: boolean;
  reenabled: boolean;
}

/**
 * Gives a user a new password from outside the console, for an admin who can no longer sign
 * in. Whoever runs it already holds the database, so nothing is authorised; the change is
 * audited as the system's. Every open session of the user ends and their sign-in throttle is
 * cleared, so the new password works at once.
 */
export async function resetPassword(options: {
  email: unknown;
  password?: unknown;
  /** Also re-enable a disabled account. */
  enable?: boolean;
  /** Where the reset came from, for the audit log. */
  source: "cli";
}): Promise<PasswordReset> {
  const input = parseInput(resetSchema, {
    email: options.email,
    password: options.password,
    enable: options.enable,
  });
  const generatedPassword = input.password ? undefined : randomBytes(18).toString("base64url");
  // Hashed before the transaction: argon2 is deliberately slow and would hold a connection.
  const passwordHash = await hashPassword(input.password ?? generatedPassword ?? "");

  const result = await getDb().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email: input.email } });
    if (!user) throw new AppError("NOT_FOUND", `No user has the email ${input.email}.`);
    const reenabled = input.enable && user.disabledAt !== null;
    await tx.user.update({
      where: { id: user.id },
      data: { passwordHash, disabledAt: reenabled ? null : undefined },
    });
    // Sessions signed in with the old password end at their next request.
    await revokeUserSessions({ userId: user.id, reason: "password_reset", db: tx });
    await recordAudit({
      db: tx,
      action: "user.password_reset",
      outcome: "SUCCESS",
      actorEmail: "system",
      target: { type: "user", id: user.id },
      details: {
        email: user.email,
        source: options.source,
        command: "npm run admin:reset-password",
        generated: generatedPassword !== undefined,
        reenabled,
      },
    });
    return {
      userId: user.id,
      email: user.email,
      role: user.role,
      stillDisabled: user.disabledAt !== null && !reenabled,
      reenabled,
    };
  });
  // After the commit: the throttle lives on its own connection, which on the embedded
  // database is the same single connection the transaction held.
  await clearSignInCounters(result.email);
  return { ...result, generatedPassword };
}
