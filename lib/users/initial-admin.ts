import "server-only";
import { randomBytes } from "node:crypto";
import { recordAudit } from "@/lib/audit/audit";
import { hashPassword } from "@/lib/auth/password";
import { getDb } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";

export const DEFAULT_ADMIN_EMAIL = "admin@localhost.test";

/**
 * On a console with no users, creates the first admin. Returns the generated password when
 * none was configured, so the caller can show it exactly once.
 */
export async function ensureInitialAdmin(options: {
  email?: string;
  password?: string;
}): Promise<{ created: false } | { created: true; email: string; generatedPassword?: string }> {
  const db = getDb();
  if ((await db.user.count()) > 0) return { created: false };
  const email = (options.email ?? DEFAULT_ADMIN_EMAIL).toLowerCase();
  const generatedPassword = options.password ? undefined : randomBytes(12).toString("base64url");
  const password = options.password ?? generatedPassword ?? "";
  try {
    const user = await db.user.create({
      data: {
        email,
        name: "Administrator",
        role: "ADMIN",
        passwordHash: await hashPassword(password),
      },
    });
    await recordAudit({
      action: "user.created",
      outcome: "SUCCESS",
      actorEmail: "system",
      target: { type: "user", id: user.id },
      details: { email, role: "ADMIN", reason: "initial admin on first start" },
    });
    return { created: true, email, generatedPassword };
  } catch (error) {
    // Another instance starting at the same moment created it first.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      return { created: false };
    throw error;
  }
}
