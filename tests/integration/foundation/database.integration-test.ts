import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { randomEmail, randomName } from "../../support/factories";

describe("database", () => {
  const db = getDb();
  afterAll(() => db.$disconnect());

  it("round-trips a row through the migrated schema", async () => {
    const email = randomEmail();
    const created = await db.user.create({
      data: { email, name: randomName(), passwordHash: "x", role: "VIEWER" },
    });
    const found = await db.user.findUniqueOrThrow({ where: { email } });
    expect(found.id).toBe(created.id);
    expect(found.sessionVersion).toBe(1);
  });

  it("rolls back a failed transaction completely", async () => {
    const email = randomEmail();
    await expect(
      db.$transaction(async (tx) => {
        await tx.user.create({ data: { email, name: randomName(), passwordHash: "x", role: "VIEWER" } });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await db.user.findUnique({ where: { email } })).toBeNull();
  });
});
