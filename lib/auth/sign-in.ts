import "server-only";
import { recordAudit, recordFoldedAudit } from "@/lib/audit/audit";
import { getDb } from "@/lib/db/client";
import { signInSchema } from "@/lib/users/schemas";
import type { Actor } from "./permissions";
import { getDecoyHash, verifyPassword } from "./password";
import { isKnownAddress } from "./sessions";
import {
  accountKey,
  clearFailedSignIns,
  recordFailedSignIn,
  signInAllowed,
} from "./sign-in-throttle";
import { SIGN_IN_LIMITS } from "./sign-in-limits";

export type SignInFailure = "invalid_input" | "invalid_credentials" | "throttled";

/** What the sign-in form is told: a wait of a few seconds after a mistyped password is not a block. */
export type SignInRejectionCode = SignInFailure | "retry_soon";

export function rejectionCode(failure: {
  reason: SignInFailure;
  retryAfterSeconds?: number;
}): SignInRejectionCode {
  return failure.reason === "throttled" &&
    failure.retryAfterSeconds !== undefined &&
    failure.retryAfterSeconds <= SIGN_IN_LIMITS.maxDelaySeconds
    ? "retry_soon"
    : failure.reason;
}

export type SignInResult =
  | { ok: true; actor: Actor; sessionVersion: number }
  | { ok: false; reason: SignInFailure; retryAfterSeconds?: number };

/**
 * Checks an email and password. Every outcome is audited (repeatable refusals folded into one
 * row per address and window); unknown emails, wrong passwords and disabled accounts are
 * indistinguishable to the caller.
 */
export async function verifySignIn(options: {
  email: unknown;
  password: unknown;
  ip: string | null;
}): Promise<SignInResult> {
  const { ip } = options;
  const parsed = signInSchema.safeParse({ email: options.email, password: options.password });
  if (!parsed.success) {
    await recordFoldedAudit(
      {
        action: "auth.sign_in_failed",
        outcome: "FAILURE",
        ip,
        details: {
          reason: "invalid_input",
          fields: [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? "form")))],
        },
      },
      { key: "invalid_input" },
    );
    return { ok: false, reason: "invalid_input" };
  }
  const { email, password } = parsed.data;

  const user = await getDb().user.findUnique({ where: { email } });
  const knownAddress =
    user && ip
      ? await isKnownAddress({ userId: user.id, ip, sinceDays: SIGN_IN_LIMITS.knownAddressDays })
      : false;
  const decision = await signInAllowed({ email, ip, knownAddress });
  if (!decision.allowed) {
    await recordFoldedAudit(
      {
        action: "auth.sign_in_throttled",
        outcome: "DENIED",
        actorEmail: email,
        ip,
        details: { limit: decision.limit, retryAfterSeconds: decision.retryAfterSeconds },
      },
      { key: `${decision.limit}:${accountKey(email)}` },
    );
    return { ok: false, reason: "throttled", retryAfterSeconds: decision.retryAfterSeconds };
  }

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

  await clearFailedSignIns(email, ip);
  await getDb().user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
  const actor: Actor = { id: user.id, email: user.email, role: user.role };
  await recordAudit({ action: "auth.sign_in", outcome: "SUCCESS", actor, ip });
  return { ok: true, actor, sessionVersion: user.sessionVersion };
}
