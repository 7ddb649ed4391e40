import { describe, expect, it } from "vitest";
import { z } from "zod";
import { verifySignIn } from "@/lib/auth/sign-in";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { resetPassword } from "@/lib/users/password-reset";
import { randomEmail, randomId, randomPassword } from "../../support/factories";
import { createTestUser } from "../../support/users";

const db = getDb();
const randomIp = () => `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
const signIn = (email: string, password: string) =>
  verifySignIn({ email, password, ip: randomIp() });
const auditDetails = z.object({ email: z.string(), source: z.string(), reenabled: z.boolean() });

describe("password reset from the command line", () => {
  it("sets the new password, ends open sessions, lifts the sign-in throttle and audits it as the system", async () => {
    const { user, password: oldPassword } = await createTestUser("ADMIN");
    // Five failures for one account from one address block that address for that account.
    const ip = randomIp();
    const from = (email: string, password: string) => verifySignIn({ email, password, ip });
    for (let attempt = 0; attempt < 5; attempt++) await from(user.email, `wrong-${randomId()}`);
    expect(await from(user.email, oldPassword)).toMatchObject({ ok: false, reason: "throttled" });

    const newPassword = randomPassword();
    const result = await resetPassword({
      email: ` ${user.email.toUpperCase()} `,
      password: newPassword,
      source: "cli",
    });
    expect(result).toMatchObject({ userId: user.id, email: user.email, stillDisabled: false });
    expect(result.generatedPassword).toBeUndefined();

    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.sessionVersion).toBe(user.sessionVersion + 1);
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    // The new password works at once from the address that was blocked; the old one no more
    // (tried last: each failure makes that address wait before its next try).
    expect(await from(user.email, newPassword)).toMatchObject({
      ok: true,
      sessionVersion: stored.sessionVersion,
    });
    expect(await from(user.email, oldPassword)).toMatchObject({ ok: false });

    const audit = await db.auditLog.findMany({
      where: { action: "user.password_reset", targetId: user.id },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      outcome: "SUCCESS",
      actorId: null,
      actorEmail: "system",
      targetType: "user",
    });
    expect(auditDetails.parse(audit[0]?.details)).toEqual({
      email: user.email,
      source: "cli",
      reenabled: false,
    });
    expect(JSON.stringify(audit[0]?.details)).not.toContain(newPassword);
  });

  it("generates a password that signs in when none is given", async () => {
    const { user } = await createTestUser("SUPPORT");
    const { generatedPassword } = await resetPassword({ email: user.email, source: "cli" });
    expect(generatedPassword?.length).toBeGreaterThanOrEqual(12);
    expect(await signIn(user.email, generatedPassword ?? "")).toMatchObject({ ok: true });
  });

  it("leaves a disabled account disabled unless asked to enable it", async () => {
    const { user } = await createTestUser("ADMIN", { disabled: true });
    const kept = await resetPassword({
      email: user.email,
      password: randomPassword(),
      source: "cli",
    });
    expect(kept).toMatchObject({ stillDisabled: true, reenabled: false });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).disabledAt).not.toBeNull();

    const password = randomPassword();
    const enabled = await resetPassword({
      email: user.email,
      password,
      enable: true,
      source: "cli",
    });
    expect(enabled).toMatchObject({ stillDisabled: false, reenabled: true });
    expect(await signIn(user.email, password)).toMatchObject({ ok: true });
  });

  it.each([
    ["an unknown email", () => ({ email: randomEmail(), password: randomPassword() }), "NOT_FOUND"],
    [
      "a malformed email",
      () => ({ email: "admin@", password: randomPassword() }),
      "VALIDATION_FAILED",
    ],
    [
      "a password shorter than the user rules allow",
      () => ({ password: "short-pw" }),
      "VALIDATION_FAILED",
    ],
  ] as const)("refuses %s and changes nothing", async (_case, input, code) => {
    const { user } = await createTestUser("ADMIN");
    const error = await resetPassword({ email: user.email, ...input(), source: "cli" }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toEqual(user);
    expect(
      await db.auditLog.count({ where: { action: "user.password_reset", targetId: user.id } }),
    ).toBe(0);
  });
});
