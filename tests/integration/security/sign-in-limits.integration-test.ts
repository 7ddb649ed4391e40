import { describe, expect, it } from "vitest";
import { openSession } from "@/lib/auth/sessions";
import { verifySignIn } from "@/lib/auth/sign-in";
import { SIGN_IN_LIMITS } from "@/lib/auth/sign-in-limits";
import { readSignInCounters } from "@/lib/auth/sign-in-throttle";
import { getDb } from "@/lib/db/client";
import { clearUserSignInLimits, createUser, listUsers } from "@/lib/users/service";
import { randomEmail, randomId, randomName } from "../../support/factories";
import { createTestUser } from "../../support/users";

const db = getDb();
let octet = 0;
const address = () => `198.18.${Math.floor(Math.random() * 250)}.${(octet++ % 250) + 1}`;

describe("sign-in limits", () => {
  it("blocks one address after five failures on an account, while the user's own address still gets in", async () => {
    const { user, password } = await createTestUser("ADMIN");
    const attacker = address();
    for (let attempt = 0; attempt < SIGN_IN_LIMITS.perPair; attempt++) {
      // Each failure makes the pair wait; clear the wait so the count, not the delay, is tested.
      await db.rateLimitBucket.deleteMany({ where: { key: { startsWith: "signin-delay:" } } });
      expect(
        await verifySignIn({ email: user.email, password: `wrong-${randomId()}`, ip: attacker }),
      ).toEqual({ ok: false, reason: "invalid_credentials" });
    }
    await db.rateLimitBucket.deleteMany({ where: { key: { startsWith: "signin-delay:" } } });
    expect(await verifySignIn({ email: user.email, password, ip: attacker })).toMatchObject({
      ok: false,
      reason: "throttled",
    });
    expect(await verifySignIn({ email: user.email, password, ip: address() })).toMatchObject({
      ok: true,
    });
  });

  it("makes an address wait after a failure before its next attempt", async () => {
    const { user, password } = await createTestUser("VIEWER");
    const ip = address();
    await verifySignIn({ email: user.email, password: "wrong-password-1", ip });
    const next = await verifySignIn({ email: user.email, password, ip });
    expect(next).toMatchObject({ ok: false, reason: "throttled" });
    if (!next.ok) expect(next.retryAfterSeconds).toBe(1);
  });

  it("does not let an attacker on many addresses keep the real user out, and an admin sees and clears the counters", async () => {
    const admin = await createTestUser("ADMIN");
    const { user, password } = await createTestUser("SUPPORT");
    const home = address();
    await openSession({ userId: user.id, ip: home });
    for (let attacker = 0; attacker < SIGN_IN_LIMITS.perAccount + 3; attacker++) {
      await verifySignIn({ email: user.email, password: `guess-${attacker}`, ip: address() });
    }
    // New addresses are refused for this account now…
    expect(await verifySignIn({ email: user.email, password, ip: address() })).toMatchObject({
      ok: false,
      reason: "throttled",
    });
    // …but not the address the user signed in from before.
    expect(await verifySignIn({ email: user.email, password, ip: home })).toMatchObject({
      ok: true,
    });

    const row = (await listUsers({ actor: admin.actor })).find((entry) => entry.id === user.id);
    // Attempts refused by the limit are not password checks, so the count stops at the limit.
    expect(row?.signIn).toMatchObject({
      accountFailures: SIGN_IN_LIMITS.perAccount,
      limited: true,
    });
    await clearUserSignInLimits({ actor: admin.actor, userId: user.id });
    expect((await readSignInCounters([user.email])).get(user.email)).toEqual({
      accountFailures: 0,
      blockedAddresses: 0,
      limited: false,
    });
    expect(await verifySignIn({ email: user.email, password, ip: address() })).toMatchObject({
      ok: true,
    });
    expect(
      await db.auditLog.count({
        where: { action: "user.sign_in_limits_cleared", targetId: user.id },
      }),
    ).toBe(1);
  });

  it("blocks an address spraying many accounts, whatever X-Forwarded-For it invents (the address is the socket's)", async () => {
    const sprayer = address();
    for (let attempt = 0; attempt < SIGN_IN_LIMITS.perAddress; attempt++) {
      await verifySignIn({ email: randomEmail(), password: "wrong-password-1", ip: sprayer });
    }
    const { user, password } = await createTestUser("VIEWER");
    expect(await verifySignIn({ email: user.email, password, ip: sprayer })).toMatchObject({
      ok: false,
      reason: "throttled",
    });
  });

  it("audits refused sign-ins of every kind, folding repeats into one row", async () => {
    const ip = address();
    for (let attempt = 0; attempt < 5; attempt++)
      await verifySignIn({ email: "not-an-email", password: "", ip });
    const rows = await db.auditLog.findMany({ where: { action: "auth.sign_in_failed", ip } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ count: 5, details: { reason: "invalid_input" } });
  });

  it("refuses weak passwords for new users, naming the field", async () => {
    const admin = await createTestUser("ADMIN");
    for (const password of [" ".repeat(12), "password1234", "Summer2024!!"]) {
      await expect(
        createUser({
          actor: admin.actor,
          input: { email: randomEmail(), name: randomName(), role: "VIEWER", password },
        }),
      ).rejects.toMatchObject({
        code: "VALIDATION_FAILED",
        fieldErrors: { password: [expect.any(String)] },
      });
    }
  });

  it("refuses NUL in a name with a 422 instead of a database error", async () => {
    const admin = await createTestUser("ADMIN");
    await expect(
      createUser({
        actor: admin.actor,
        input: {
          email: randomEmail(),
          name: "a\u0000b",
          role: "VIEWER",
          password: "correct horse battery staple",
        },
      }),
    ).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      fieldErrors: { name: [expect.any(String)] },
    });
  });
});
