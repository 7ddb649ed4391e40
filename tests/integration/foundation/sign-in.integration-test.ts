import { describe, expect, it } from "vitest";
import { verifySignIn } from "@/lib/auth/sign-in";
import { getDb } from "@/lib/db/client";
import { randomEmail, randomId } from "../../support/factories";
import { createTestUser } from "../../support/users";

const db = getDb();
const randomIp = () => `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

describe("sign-in", () => {
  it("accepts the right password and audits the sign-in", async () => {
    const { user, password } = await createTestUser("SUPPORT");
    const result = await verifySignIn({ email: user.email.toUpperCase(), password, ip: randomIp() });
    expect(result).toMatchObject({ ok: true, actor: { id: user.id, role: "SUPPORT" } });
    expect(await db.auditLog.count({ where: { action: "auth.sign_in", actorId: user.id } })).toBe(1);
  });

  it("gives the same answer for an unknown email, a wrong password and a disabled account", async () => {
    const active = await createTestUser("VIEWER");
    const disabled = await createTestUser("VIEWER", { disabled: true });
    const results = await Promise.all([
      verifySignIn({ email: randomEmail(), password: "whatever-password", ip: randomIp() }),
      verifySignIn({ email: active.user.email, password: "wrong-password", ip: randomIp() }),
      verifySignIn({ email: disabled.user.email, password: disabled.password, ip: randomIp() }),
    ]);
    for (const result of results) expect(result).toEqual({ ok: false, reason: "invalid_credentials" });
    const failures = await db.auditLog.findMany({ where: { action: "auth.sign_in_failed", actorEmail: { in: [active.user.email, disabled.user.email] } } });
    expect(failures.map((row) => (row.details as { reason: string }).reason).sort()).toEqual(["user_disabled", "wrong_password"]);
  });

  it("throttles an email after five failures, even with the right password, and audits it", async () => {
    const { user, password } = await createTestUser("ADMIN");
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await verifySignIn({ email: user.email, password: `wrong-${randomId()}`, ip: randomIp() })).ok).toBe(false);
    }
    const throttled = await verifySignIn({ email: user.email, password, ip: randomIp() });
    expect(throttled).toMatchObject({ ok: false, reason: "throttled" });
    if (!throttled.ok) expect(throttled.retryAfterSeconds).toBeGreaterThan(0);
    expect(await db.auditLog.count({ where: { action: "auth.sign_in_throttled", actorEmail: user.email } })).toBe(1);
  });

  it("rejects malformed and oversized input without touching the database", async () => {
    const before = await db.auditLog.count();
    for (const input of [
      { email: "", password: "" },
      { email: "nope", password: "x" },
      { email: `${"a".repeat(300)}@example.com`, password: "x" },
      { email: randomEmail(), password: "p".repeat(10_000) },
      { email: { $ne: null }, password: ["x"] },
    ]) {
      expect(await verifySignIn({ ...input, ip: null })).toEqual({ ok: false, reason: "invalid_input" });
    }
    expect(await db.auditLog.count()).toBe(before);
  });
});
