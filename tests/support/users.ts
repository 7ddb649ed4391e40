import { hashPassword } from "@/lib/auth/password";
import type { Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { randomEmail, randomName, randomPassword } from "./factories";

export async function createTestUser(role: Actor["role"] = "ADMIN", overrides: { disabled?: boolean } = {}) {
  const password = randomPassword();
  const user = await getDb().user.create({
    data: {
      email: randomEmail(),
      name: randomName(),
      role,
      passwordHash: await hashPassword(password),
      disabledAt: overrides.disabled ? new Date() : null,
    },
  });
  const actor: Actor = { id: user.id, email: user.email, role: user.role };
  return { user, actor, password };
}
