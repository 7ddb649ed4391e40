import "server-only";
import { getEnv } from "@/lib/env";
import { getProviders, shutdownIntegrationCore } from "@/lib/integrations/runtime";
import { getJobQueue, stopJobQueue } from "@/lib/jobs/queue";
import { JobRunner } from "@/lib/jobs/runner";
import { logger } from "@/lib/logger";
import { ensureInitialAdmin } from "@/lib/users/initial-admin";

const globalForServer = globalThis as unknown as { shutdownHooked?: boolean };

/**
 * On SIGTERM or SIGINT: take no new jobs and let those in flight finish (or return to the queue),
 * write the buffered API-call log, then exit. The launcher sets NEXT_MANUAL_SIG_HANDLE so that
 * Next.js leaves the signal to this, instead of exiting before the work is put away.
 */
function hookShutdown() {
  if (globalForServer.shutdownHooked) return;
  globalForServer.shutdownHooked = true;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      logger.info({ signal }, "shutting down");
      void Promise.allSettled([stopJobQueue(), shutdownIntegrationCore()]).finally(() =>
        process.exit(0),
      );
    });
  }
}

export async function onServerStart() {
  const env = getEnv();
  // Throws with the offending setting named, so a bad INTEGRATIONS_CONFIG stops the server.
  getProviders();
  hookShutdown();
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
  // Installs or migrates the queue's schema now rather than on the first webhook.
  await getJobQueue();
  if (env.JOB_WORKER === "in-process") {
    // The embedded database has one connection: more batches in flight would only wait for it.
    await new JobRunner({ concurrency: env.EMBEDDED_DATABASE ? 1 : 4 }).start();
  }
  // Demo data for simulated providers, in the background: the server serves meanwhile.
  for (const provider of getProviders()) {
    void provider
      .seedDemo?.()
      .catch((error: unknown) =>
        logger.warn({ err: error, provider: provider.name }, "demo data could not be seeded"),
      );
  }
}
