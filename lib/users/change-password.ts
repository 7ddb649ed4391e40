import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/audit";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MESSAGES,
  passwordProblem,
} from "@/lib/auth/password-policy";
import type { Actor } from "@/lib/auth/permissions";
import { isKnownAddress, revokeUserSessions } from "@/lib/auth/sessions";
import { SIGN_IN_LIMITS } from "@/lib/auth/sign-in-limits";
import { clearFailedSignIns, recordFailedSignIn, signInAllowed } from "@/lib/auth/sign-in-throttle";
import { getDb, type Prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";

const changePasswordSchema = z
  .object({
    currentPassword: z
      .string({ error: "Enter your current password." })
      .min(1, "Enter your current password.")
      .max(PASSWORD_MAX_LENGTH * 4, "That is not your current password."),
    newPassword: z.string({ error: "Enter a new password." }),
    confirmPassword: z.string({ error: "Type the new password again." }),
  })
  .superRefine((input, ctx) => {
    if (input.newPassword !== input.confirmPassword)
      ctx.addIssue({
        code: "custom",
        path: ["confirmPassword"],
        message: "The two new passwords differ. Type the same password twice.",
      });
  });

export interface PasswordChanged {
  /** Sessions that ended, this browser's included. */
  endedSessions: number;
}

/**
 * A signed-in user's own password change. The current password is checked under the sign-in
 * throttle (so the form cannot be used to guess it), the new one under the sign-in policy with
 * the user's email as context. On success every session of the user ends, this one included:
 * whoever else held a session with the old password is out, and the user signs in again.
 * Every outcome is audited.
 */
export async function changeOwnPassword(options: {
  actor: Actor;
  input: unknown;
  ip: string | null;
}): Promise<PasswordChanged> {
  const { actor, ip } = options;
  const input = parseInput(changePasswordSchema, options.input);
  const user = await getDb().user.findUnique({ where: { id: actor.id } });
  if (!user || user.disabledAt)
    throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again.");

  const audit = (
    outcome: "SUCCESS" | "FAILURE" | "DENIED",
    details: Record<string, unknown>,
    db?: Prisma.TransactionClient,
  ) =>
    recordAudit({
      db,
      action: "user.password_change",
      outcome,
      actor,
      ip,
      target: { type: "user", id: user.id },
      details,
    });

  const knownAddress = ip
    ? await isKnownAddress({ userId: user.id, ip, sinceDays: SIGN_IN_LIMITS.knownAddressDays })
    : false;
  const decision = await signInAllowed({ email: user.email, ip, knownAddress });
  if (!decision.allowed) {
    await audit("DENIED", { reason: "throttled", retryAfterSeconds: decision.retryAfterSeconds });
    const seconds = decision.retryAfterSeconds;
    throw new AppError(
      "RATE_LIMITED",
      seconds !== undefined && seconds <= SIGN_IN_LIMITS.maxDelaySeconds
        ? `Wait ${seconds} second${seconds === 1 ? "" : "s"} after a wrong password, then try again.`
        : "Too many wrong passwords. Wait a few minutes before you try again.",
      { retryAfterSeconds: seconds },
    );
  }
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    // Counted like a failed sign-in: a stolen session cannot try passwords here without limit.
    await recordFailedSignIn(user.email, ip);
    await audit("FAILURE", { reason: "wrong_current_password" });
    throw new AppError("VALIDATION_FAILED", "Your current password is not right.", {
      fieldErrors: { currentPassword: ["This is not your current password."] },
    });
  }
  const problem = passwordProblem(input.newPassword, { email: user.email });
  if (problem || input.newPassword === input.currentPassword) {
    const message = problem
      ? PASSWORD_MESSAGES[problem]
      : "The new password is your current one. Choose another.";
    throw new AppError("VALIDATION_FAILED", message, { fieldErrors: { newPassword: [message] } });
  }

  // Hashed before the transaction: argon2 is deliberately slow and would hold a connection.
  const passwordHash = await hashPassword(input.newPassword);
  const endedSessions = await getDb().$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    const ended = await revokeUserSessions({
      userId: user.id,
      reason: "password_changed",
      db: tx,
    });
    await audit("SUCCESS", { endedSessions: ended }, tx);
    return ended;
  });
  await clearFailedSignIns(user.email, ip);
  return { endedSessions };
}
