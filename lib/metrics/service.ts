import "server-only";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { auditAnonymousDenial } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { hasMetricsToken } from "@/lib/http/metrics-token";
import type { IntegrationCore } from "@/lib/integrations/core";
import { buildRegistry } from "./registry";
import { readMetricsSnapshot } from "./snapshot";

/**
 * Who may scrape: a machine with METRICS_TOKEN, or a signed-in admin. The session is looked up
 * only when there is no token, so a scraper never touches the session tables.
 */
export async function authorizeMetricsScrape(options: {
  headers: Headers;
  path: string;
  actor: () => Promise<Actor | null>;
}): Promise<void> {
  if (hasMetricsToken(options.headers)) return;
  const actor = await options.actor();
  if (!actor) {
    await auditAnonymousDenial(options.path, options.headers);
    throw new AppError(
      "UNAUTHENTICATED",
      "Sign in as an admin, or send METRICS_TOKEN as a bearer token.",
    );
  }
  await authorize(actor, "metrics:read", { resource: "metrics" });
}

/** The Prometheus text exposition of the database's current figures. */
export async function renderMetrics(
  options: { core?: IntegrationCore; now?: Date } = {},
): Promise<{ text: string; contentType: string }> {
  const registry = buildRegistry(await readMetricsSnapshot(options));
  return { text: await registry.metrics(), contentType: registry.contentType };
}
