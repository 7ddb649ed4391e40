import "server-only";
import { getEnv } from "@/lib/env";
import { logger } from "@/lib/logger";
import { ensureInitialAdmin } from "@/lib/users/initial-admin";

export async function onServerStart() {
  const env = getEnv();
  const admin = await ensureInitialAdmin({ email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD });
  if (admin.created) {
    logger.info({ email: admin.email }, "created the initial admin");
    if (admin.generatedPassword) {
      // Printed once, outside the structured log (whose redaction would hide it), so the
      // person who started the console can sign in. It is never stored anywhere in clear.
      process.stdout.write(
        `\n  Initial admin created.\n  Email:    ${admin.email}\n  Password: ${admin.generatedPassword}\n  (shown once; change it by creating your own admin and disabling this one)\n\n`,
      );
    }
  }
}
