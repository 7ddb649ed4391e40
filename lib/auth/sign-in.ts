import "server-only";
import { recordAudit } from "@/lib/audit/audit";
import { getDb } from "@/lib/db/client";
import { signInSchema } from "@/lib/users/schemas";
import type { Actor } from "./permissions";
import { getDecoyHash, verifyPassword } from "./password";
import { clearFailedSignIns, recordFailedSignIn, signInRetryAfter } from "./sign-in-throttle";

export type SignInFailure = "invalid_input" | "invalid_credentials" | "throttled";

export type SignInResult =
  | { ok: true; actor: Actor; sessionVersion: number }
  | { ok: false; reason: SignInFailure; retryAfterSeconds?: number };

/**
 * Checks an email and password. Every outcome is audited; unknown emails, wrong passwords and
 * disabled accounts are indistinguishable to the caller.
 */
export async function verifySignIn(options: {
  email: unknown;
  password: unknown;
  ip: string | null;
}): Promise<SignInResult> {
  const parsed = signInSchema.safeParse({ email: options.email, password: options.password });
  if (!parsed.success) return { ok: false, reason: "invalid_input" };
  const { email, password } = parsed.data;
  const { ip } = options;

  const retryAfterSeconds = await signInRetryAfter(email, ip);
  if (retryAfterSeconds > 0) {
    await recordAudit({
      action: "auth.sign_in_throttled",
      outcome: "DENIED",
      actorEmail: email,
      ip,
      details: { retryAfterSeconds },
    });
    return { ok: false, reason: "throttled", retryAfterSeconds };
  }

  const user = await getDb().user.findUnique({ where: { email } });
  const passwordMatches = await verifyPassword(
    user?.passwordHash ?? (await getDecoyHash()),
    password,
  );
  if (!user || !passwordMatches || user.disabledAt) {
    await recordFailedSignIn(email, ip);
    await recordAudit({
      action: "auth.sign_in_failed",
      outcome: "FAILURE",
      actor: user ? { id: user.id, email: user.email } : null,
      actorEmail: email,
      ip,
      details: {
        reason: !user ? "unknown_email" : !passwordMatches ? "wrong_password" : "user_disabled",
      },
    });
    return { ok: false, reason: "invalid_credentials" };
  }

  await clearFailedSignIns(email);
  await getDb().user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
  const actor: Actor = { id: user.id, email: user.email, role: user.role };
  await recordAudit({ action: "auth.sign_in", outcome: "SUCCESS", actor, ip });
  return { ok: true, actor, sessionVersion: user.sessionVersion };
}
