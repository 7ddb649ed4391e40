import "server-only";
import { getEnv } from "@/lib/env";
import { getProviders, shutdownIntegrationCore } from "@/lib/integrations/runtime";
import { logger } from "@/lib/logger";
import { ensureInitialAdmin } from "@/lib/users/initial-admin";

let shutdownHooked = false;

export async function onServerStart() {
  const env = getEnv();
  // Throws with the offending setting named, so a bad INTEGRATIONS_CONFIG stops the server.
  getProviders();
  if (!shutdownHooked) {
    shutdownHooked = true;
    // The API-call log is written in batches; flush what is buffered before the process exits.
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      process.once(signal, () => void shutdownIntegrationCore().catch(() => {}));
    }
  }
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
