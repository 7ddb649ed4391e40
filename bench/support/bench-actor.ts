import { randomBytes } from "node:crypto";
import type { Actor } from "../../lib/auth/permissions";
import { getDb } from "../../lib/db/client";

/** An admin to start the bulk send as; its password hash is never used. */
export async function createTestActor(): Promise<Actor> {
  const user = await getDb().user.create({
    data: {
      email: `bench-${randomBytes(4).toString("hex")}@example.test`,
      name: "Benchmark",
      role: "ADMIN",
      passwordHash: "not-a-hash",
    },
  });
  return { id: user.id, email: user.email, role: user.role };
}
