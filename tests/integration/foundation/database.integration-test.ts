import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { PrismaClient } from "@/lib/db/generated/client";
import { getPool } from "@/lib/db/pool";
import { getEnv } from "@/lib/env";
import { toErrorBody } from "@/lib/errors";
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
        await tx.user.create({
          data: { email, name: randomName(), passwordHash: "x", role: "VIEWER" },
        });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await db.user.findUnique({ where: { email } })).toBeNull();
  });

  it("runs a transaction that waited longer than Prisma's default 2 s for a connection", async () => {
    const pool = getPool();
    const held = await Promise.all(
      Array.from({ length: pool.options.max ?? 10 }, () => pool.connect()),
    );
    const releaseLater = new Promise<void>((resolve) =>
      setTimeout(() => {
        for (const client of held) client.release();
        resolve();
      }, 2_500),
    );
    const result = await db.$transaction(
      async (tx) => tx.$queryRaw<{ one: number }[]>`SELECT 1 AS one`,
    );
    await releaseLater;
    expect(result).toEqual([{ one: 1 }]);
  });

  it("answers a transaction that could not start in time as busy (503, try again), not as a crash", async () => {
    const pool = new pg.Pool({ connectionString: getEnv().DATABASE_URL, max: 1 });
    const impatient = new PrismaClient({
      adapter: new PrismaPg(pool),
      transactionOptions: { maxWait: 100 },
    });
    const held = await pool.connect();
    try {
      const error: unknown = await impatient
        .$transaction(async (tx) => tx.$queryRaw`SELECT 1`)
        .catch((caught: unknown) => caught);
      const { status, body, headers } = toErrorBody(error);
      expect(status).toBe(503);
      expect(body.error.code).toBe("BUSY");
      expect(headers["Retry-After"]).toBe("5");
    } finally {
      held.release();
      await impatient.$disconnect();
      await pool.end();
    }
  });
});
