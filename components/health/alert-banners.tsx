"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { z } from "zod";

const alertSchema = z.object({
  id: z.string(),
  kind: z.enum(["circuit_open", "quota_exhaustion", "dead_letters", "inbox_lag"]),
  severity: z.enum(["critical", "warning"]),
  title: z.string(),
  detail: z.string(),
  href: z.string().startsWith("/"),
  linkLabel: z.string(),
});
const answer = z.object({
  success: z.literal(true),
  data: z.object({ alerts: z.array(alertSchema), checkedAt: z.string() }),
});
type HealthAlert = z.infer<typeof alertSchema>;

export const ALERTS_POLL_MS = 5_000;

async function fetchAlerts(): Promise<HealthAlert[]> {
  const response = await fetch("/api/alerts", { cache: "no-store" });
  const parsed = answer.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new Error(`Alerts could not be loaded (HTTP ${response.status}).`);
  return parsed.data.data.alerts;
}

const STYLES = {
  critical:
    "border-red-300 bg-red-50 text-red-950 dark:border-red-900 dark:bg-red-950 dark:text-red-100",
  warning:
    "border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100",
} as const;

function AlertBanner({ alert }: { alert: HealthAlert }) {
  return (
    <div
      data-testid="health-alert"
      data-kind={alert.kind}
      data-alert-id={alert.id}
      className={`flex flex-wrap items-baseline gap-x-3 gap-y-1 border-b px-4 py-2 text-sm ${STYLES[alert.severity]}`}
    >
      <span aria-hidden="true" className="font-bold">
        {alert.severity === "critical" ? "●" : "▲"}
      </span>
      <strong className="font-semibold">{alert.title}.</strong>
      <span className="min-w-0 flex-1 break-words">{alert.detail}</span>
      <Link
        href={alert.href}
        className="shrink-0 font-medium underline underline-offset-2 hover:no-underline"
      >
        {alert.linkLabel} →
      </Link>
    </div>
  );
}

/**
 * The health alerts that hold now, polled so that a circuit opening (or closing) shows on every
 * page within seconds, without a reload. A failed poll keeps the last answer rather than hiding it.
 */
export function AlertBanners() {
  const query = useQuery({
    queryKey: ["health-alerts"],
    queryFn: fetchAlerts,
    refetchInterval: ALERTS_POLL_MS,
    refetchIntervalInBackground: false,
    staleTime: 0,
    retry: false,
  });
  const alerts = query.data ?? [];
  return (
    <section aria-label="Health alerts" aria-live="polite" data-testid="health-alerts">
      {alerts.map((alert) => (
        <AlertBanner key={alert.id} alert={alert} />
      ))}
    </section>
  );
}
