import { describe, expect, it } from "vitest";
import { checkSession, openSession } from "@/lib/auth/sessions";
import { verifySignIn } from "@/lib/auth/sign-in";
import { SIGN_IN_LIMITS } from "@/lib/auth/sign-in-limits";
import { getDb } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { changeOwnPassword } from "@/lib/users/change-password";
import { randomId, randomPassword } from "../../support/factories";
import { createTestUser } from "../../support/users";

const db = getDb();
let octet = 0;
const address = () => `198.19.${Math.floor(Math.random() * 250)}.${(octet++ % 250) + 1}`;

/** The refusal a call ends with: its code, message and field errors. */
async function refusal(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    if (isAppError(error))
      return { code: error.code, message: error.userMessage, fields: error.fieldErrors ?? {} };
    throw error;
  }
  throw new Error("expected a refusal");
}

const passphrase = () => `amber ${randomId()} lantern ${randomId()}`;

describe("changing one's own password", () => {
  it("takes the new password, ends every session of the user and audits it", async () => {
    const { user, actor, password } = await createTestUser("SUPPORT");
    const other = await createTestUser("SUPPORT");
    const ip = address();
    const here = await openSession({ userId: user.id, ip });
    const elsewhere = await openSession({ userId: user.id, ip: address() });
    const bystander = await openSession({ userId: other.user.id, ip });
    const next = passphrase();

    const result = await changeOwnPassword({
      actor,
      ip,
      input: { currentPassword: password, newPassword: next, confirmPassword: next },
    });

    expect(result.endedSessions).toBe(2);
    expect(await verifySignIn({ email: user.email, password: next, ip: address() })).toMatchObject({
      ok: true,
    });
    expect(await verifySignIn({ email: user.email, password, ip: address() })).toMatchObject({
      ok: false,
      reason: "invalid_credentials",
    });
    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    for (const session of [here, elsewhere]) {
      const check = await checkSession({
        sessionId: session.id,
        userId: user.id,
        sessionVersion: after.sessionVersion,
      });
      expect(check.ok).toBe(false);
    }
    const untouched = await db.user.findUniqueOrThrow({ where: { id: other.user.id } });
    expect(
      (
        await checkSession({
          sessionId: bystander.id,
          userId: other.user.id,
          sessionVersion: untouched.sessionVersion,
        })
      ).ok,
    ).toBe(true);
    const audit = await db.auditLog.findMany({
      where: { action: "user.password_change", actorId: user.id },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ outcome: "SUCCESS", targetId: user.id, ip });
    expect(JSON.stringify(audit[0]?.details)).not.toContain(next);
  });

  it("refuses a wrong current password, counts it like a failed sign-in, and changes nothing", async () => {
    const { user, actor } = await createTestUser("VIEWER");
    const ip = address();
    const next = passphrase();
    const before = await db.user.findUniqueOrThrow({ where: { id: user.id } });

    expect(
      await refusal(
        changeOwnPassword({
          actor,
          ip,
          input: { currentPassword: randomPassword(), newPassword: next, confirmPassword: next },
        }),
      ),
    ).toMatchObject({
      code: "VALIDATION_FAILED",
      fields: { currentPassword: ["This is not your current password."] },
    });

    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.passwordHash).toBe(before.passwordHash);
    expect(after.sessionVersion).toBe(before.sessionVersion);
    expect(
      await db.auditLog.count({
        where: { action: "user.password_change", actorId: user.id, outcome: "FAILURE" },
      }),
    ).toBe(1);
  });

  it("stops guessing after as many wrong passwords as sign-in allows", async () => {
    const { user, actor, password } = await createTestUser("ADMIN");
    const ip = address();
    const next = passphrase();
    for (let attempt = 0; attempt < SIGN_IN_LIMITS.perPair; attempt++) {
      await db.rateLimitBucket.deleteMany({ where: { key: { startsWith: "signin-delay:" } } });
      await refusal(
        changeOwnPassword({
          actor,
          ip,
          input: { currentPassword: randomPassword(), newPassword: next, confirmPassword: next },
        }),
      );
    }
    await db.rateLimitBucket.deleteMany({ where: { key: { startsWith: "signin-delay:" } } });
    // Even the right password is refused from this address now.
    expect(
      await refusal(
        changeOwnPassword({
          actor,
          ip,
          input: { currentPassword: password, newPassword: next, confirmPassword: next },
        }),
      ),
    ).toMatchObject({ code: "RATE_LIMITED" });
    expect(
      await db.auditLog.count({
        where: { action: "user.password_change", actorId: user.id, outcome: "DENIED" },
      }),
    ).toBe(1);
  });

  it("holds the new password to the sign-in policy, and both copies must match", async () => {
    const { user, actor, password } = await createTestUser("SUPPORT");
    const cases: { newPassword: unknown; confirmPassword: unknown; field: string }[] = [
      { newPassword: "short", confirmPassword: "short", field: "newPassword" },
      { newPassword: "password1234", confirmPassword: "password1234", field: "newPassword" },
      { newPassword: " ".repeat(20), confirmPassword: " ".repeat(20), field: "newPassword" },
      { newPassword: password, confirmPassword: password, field: "newPassword" },
      {
        newPassword: `${user.email.split("@")[0]}-2026!`,
        confirmPassword: `${user.email.split("@")[0]}-2026!`,
        field: "newPassword",
      },
      { newPassword: passphrase(), confirmPassword: passphrase(), field: "confirmPassword" },
      { newPassword: 42, confirmPassword: 42, field: "newPassword" },
    ];
    for (const input of cases) {
      const refused = await refusal(
        changeOwnPassword({
          actor,
          ip: address(),
          input: { currentPassword: password, ...input },
        }),
      );
      expect(refused.code).toBe("VALIDATION_FAILED");
      expect(Object.keys(refused.fields)).toContain(input.field);
    }
    expect(
      await refusal(changeOwnPassword({ actor, ip: address(), input: "not an object" })),
    ).toMatchObject({ code: "VALIDATION_FAILED" });
    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifySignIn({ email: user.email, password, ip: address() })).toMatchObject({
      ok: true,
    });
    expect(after.sessionVersion).toBe(user.sessionVersion);
  });

  it("refuses a disabled account", async () => {
    const { actor, password } = await createTestUser("SUPPORT", { disabled: true });
    const next = passphrase();
    expect(
      await refusal(
        changeOwnPassword({
          actor,
          ip: address(),
          input: { currentPassword: password, newPassword: next, confirmPassword: next },
        }),
      ),
    ).toMatchObject({ code: "UNAUTHENTICATED" });
  });
});
