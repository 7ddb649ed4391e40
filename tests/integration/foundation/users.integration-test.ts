import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { createUser, listUsers, updateUser } from "@/lib/users/service";
import { randomEmail, randomName, randomPassword } from "../../support/factories";
import { createTestUser } from "../../support/users";

const db = getDb();
const validInput = () => ({ email: randomEmail(), name: randomName(), role: "SUPPORT", password: randomPassword() });

async function auditCount(action: string, targetId?: string) {
  return db.auditLog.count({ where: { action, targetId } });
}

describe("user management", () => {
  it("creates a user with a hashed password and an audit row in the same transaction", async () => {
    const { actor } = await createTestUser("ADMIN");
    const input = validInput();
    const created = await createUser({ actor, input: { ...input, email: input.email.toUpperCase() } });
    expect(created.email).toBe(input.email.toLowerCase());
    const stored = await db.user.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored.passwordHash).not.toContain(input.password);
    expect(await auditCount("user.created", created.id)).toBe(1);
  });

  it.each([
    ["empty", {}],
    ["malformed email", { ...validInput(), email: "a@" }],
    ["oversized email", { ...validInput(), email: `${"e".repeat(250)}@example.com` }],
    ["unknown role", { ...validInput(), role: "OWNER" }],
    ["short password", { ...validInput(), password: "123" }],
  ])("rejects %s input with field errors and writes nothing", async (_name, input) => {
    const { actor } = await createTestUser("ADMIN");
    const before = await db.user.count();
    const error = await createUser({ actor, input }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("VALIDATION_FAILED");
    expect(Object.keys((error as AppError).fieldErrors ?? {}).length).toBeGreaterThan(0);
    expect(await db.user.count()).toBe(before);
  });

  it("answers a duplicate email with a conflict, not a crash", async () => {
    const { actor, user } = await createTestUser("ADMIN");
    await expect(createUser({ actor, input: { ...validInput(), email: user.email } })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it.each(["SUPPORT", "VIEWER"] as const)("refuses a %s, and audits the denial", async (role) => {
    const { actor } = await createTestUser(role);
    const before = await db.auditLog.count({ where: { action: "access.denied", actorId: actor.id } });
    await expect(listUsers({ actor })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createUser({ actor, input: validInput() })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.auditLog.count({ where: { action: "access.denied", actorId: actor.id } })).toBe(before + 2);
  });

  it("disabling a user revokes their sessions; changing a role keeps them", async () => {
    const { actor } = await createTestUser("ADMIN");
    const { user } = await createTestUser("VIEWER");
    await updateUser({ actor, userId: user.id, input: { role: "SUPPORT" } });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion).toBe(user.sessionVersion);
    const disabled = await updateUser({ actor, userId: user.id, input: { disabled: true } });
    expect(disabled.disabled).toBe(true);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion).toBe(user.sessionVersion + 1);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "user.updated", targetId: user.id }, orderBy: { createdAt: "desc" } });
    expect(audit.details).toMatchObject({ changes: { disabled: [false, true] } });
  });

  it("never leaves the console without an active admin, nor lets admins lock themselves out", async () => {
    const { actor } = await createTestUser("ADMIN");
    await expect(updateUser({ actor, userId: actor.id, input: { disabled: true } })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(updateUser({ actor, userId: actor.id, input: { role: "VIEWER" } })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("answers an unknown or malformed user id with 404", async () => {
    const { actor } = await createTestUser("ADMIN");
    await expect(updateUser({ actor, userId: "not-a-uuid", input: { role: "VIEWER" } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      updateUser({ actor, userId: "00000000-0000-4000-8000-000000000000", input: { role: "VIEWER" } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
