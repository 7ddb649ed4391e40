import "server-only";

/**
 * The console's alert rules, as pure functions of what the database holds and the time: each
 * returns the alerts that hold now, and an empty list once the cause is gone.
 */

export type AlertKind = "circuit_open" | "quota_exhaustion" | "dead_letters" | "inbox_lag";

export interface Alert {
  /** Stable while the same cause holds, so the banner does not flicker between polls. */
  id: string;
  kind: AlertKind;
  severity: "critical" | "warning";
  title: string;
  /** The cause and the next step, in plain words. */
  detail: string;
  href: string;
  linkLabel: string;
}

export const QUOTA_HORIZON_MS = 15 * 60_000;
export const INBOX_LAG_LIMIT_MS = 60_000;
/** A quota reading older than this says nothing about now: the provider has not been called since. */
export const QUOTA_READING_MAX_AGE_MS = 15 * 60_000;

export interface CircuitInput {
  provider: string;
  displayName: string;
  state: string;
  reason: string | null;
  openUntil: Date | null;
}

export interface QuotaInput {
  provider: string;
  displayName: string;
  operation: string;
  remaining: number;
  limit: number | null;
  resetAt: Date | null;
  /** The minute the reading was taken in. */
  observedAt: Date;
  /** Calls per minute over the recent window, for this operation. */
  callsPerMinute: number;
}

export interface DeadLetterInput {
  provider: string;
  displayName: string;
  deliveries: number;
}

export interface InboxInput {
  provider: string;
  displayName: string;
  /** Deliveries waiting to be processed (received, processing, or failed with retries left). */
  pending: number;
  oldestReceivedAt: Date | null;
}

const providerPage = (provider: string) => `/integrations/${encodeURIComponent(provider)}`;

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? one : many}`;
}

/** "45 seconds", "3 minutes", "1 hour 5 minutes": rounded, for a sentence. */
export function spokenDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 90) return plural(seconds, "second");
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return plural(minutes, "minute");
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? plural(hours, "hour") : `${plural(hours, "hour")} ${plural(rest, "minute")}`;
}

export function circuitAlerts(circuits: readonly CircuitInput[], now: Date): Alert[] {
  return circuits.flatMap((circuit): Alert[] => {
    const link = {
      href: providerPage(circuit.provider),
      linkLabel: `${circuit.displayName} health`,
    };
    if (circuit.state === "FORCED_OPEN") {
      return [
        {
          id: `circuit:${circuit.provider}`,
          kind: "circuit_open",
          severity: "critical",
          title: `${circuit.displayName} is switched off`,
          detail: `An admin forced its circuit open${circuit.reason ? ` (“${circuit.reason}”)` : ""}: every call to ${circuit.displayName} is refused until an admin resets it.`,
          ...link,
        },
      ];
    }
    if (circuit.state !== "OPEN") return [];
    const retry =
      circuit.openUntil && circuit.openUntil.getTime() > now.getTime()
        ? ` The next trial call goes through in about ${spokenDuration(circuit.openUntil.getTime() - now.getTime())}.`
        : "";
    return [
      {
        id: `circuit:${circuit.provider}`,
        kind: "circuit_open",
        severity: "critical",
        title: `${circuit.displayName} is failing: its circuit is open`,
        detail: `Calls to ${circuit.displayName} are refused after repeated failures${circuit.reason ? ` (${circuit.reason})` : ""}.${retry} Check its recent errors and the provider's status page.`,
        ...link,
      },
    ];
  });
}

/**
 * When `remaining` runs out at `callsPerMinute`, counted from the reading; null when it does not
 * before the window resets, or when nothing is calling.
 */
export function projectedExhaustion(quota: QuotaInput, now: Date): Date | null {
  if (quota.remaining <= 0) return quota.resetAt && quota.resetAt > now ? now : null;
  if (quota.callsPerMinute <= 0) return null;
  const at = new Date(now.getTime() + (quota.remaining / quota.callsPerMinute) * 60_000);
  if (quota.resetAt && at >= quota.resetAt) return null;
  return at;
}

export function quotaAlerts(quotas: readonly QuotaInput[], now: Date): Alert[] {
  return quotas.flatMap((quota): Alert[] => {
    // A reading from a window that has reset, or from long ago, no longer describes the quota.
    if (quota.resetAt && quota.resetAt.getTime() <= now.getTime()) return [];
    if (now.getTime() - quota.observedAt.getTime() > QUOTA_READING_MAX_AGE_MS) return [];
    const exhaustsAt = projectedExhaustion(quota, now);
    if (!exhaustsAt || exhaustsAt.getTime() - now.getTime() > QUOTA_HORIZON_MS) return [];
    const resets = quota.resetAt
      ? ` It resets in ${spokenDuration(quota.resetAt.getTime() - now.getTime())}.`
      : "";
    const outOf = quota.limit === null ? "" : ` of ${quota.limit.toLocaleString("en-US")}`;
    const spent = quota.remaining <= 0;
    return [
      {
        id: `quota:${quota.provider}:${quota.operation}`,
        kind: "quota_exhaustion",
        severity: spent ? "critical" : "warning",
        title: spent
          ? `${quota.displayName}'s rate limit is used up`
          : `${quota.displayName}'s rate limit runs out in about ${spokenDuration(exhaustsAt.getTime() - now.getTime())}`,
        detail: spent
          ? `No ${quota.operation} calls are left${outOf}; more are refused with 429 until the window resets.${resets}`
          : `${plural(quota.remaining, "call")}${outOf} left for ${quota.operation}, used at ${quota.callsPerMinute.toLocaleString("en-US", { maximumFractionDigits: 1 })} a minute.${resets} Slow down bulk work or ask the provider for a higher limit.`,
        href: providerPage(quota.provider),
        linkLabel: `${quota.displayName} quota`,
      },
    ];
  });
}

export function deadLetterAlerts(deadLetters: readonly DeadLetterInput[]): Alert[] {
  return deadLetters
    .filter((entry) => entry.deliveries > 0)
    .map((entry) => ({
      id: `dead-letters:${entry.provider}`,
      kind: "dead_letters" as const,
      severity: "critical" as const,
      title: `${plural(entry.deliveries, `${entry.displayName} webhook`)} dead-lettered`,
      detail: `Their events were not applied after every retry. Read the processing error, fix its cause, then replay them.`,
      href: `/webhooks?provider=${encodeURIComponent(entry.provider)}&status=DEAD_LETTERED`,
      linkLabel: "Dead-lettered deliveries",
    }));
}

export function inboxLagAlerts(inboxes: readonly InboxInput[], now: Date): Alert[] {
  return inboxes.flatMap((inbox): Alert[] => {
    if (!inbox.oldestReceivedAt || inbox.pending === 0) return [];
    const lag = now.getTime() - inbox.oldestReceivedAt.getTime();
    if (lag <= INBOX_LAG_LIMIT_MS) return [];
    return [
      {
        id: `inbox-lag:${inbox.provider}`,
        kind: "inbox_lag",
        severity: "warning",
        title: `${inbox.displayName} webhooks are ${spokenDuration(lag)} behind`,
        detail: `${plural(inbox.pending, "delivery", "deliveries")} wait to be processed. Check that a job worker is running (JOB_WORKER, or npm run worker) and that deliveries are not failing.`,
        href: `/webhooks?provider=${encodeURIComponent(inbox.provider)}&status=RECEIVED`,
        linkLabel: "Waiting deliveries",
      },
    ];
  });
}

/** Every rule, most urgent first. */
export function evaluateAlerts(
  inputs: {
    circuits: readonly CircuitInput[];
    quotas: readonly QuotaInput[];
    deadLetters: readonly DeadLetterInput[];
    inboxes: readonly InboxInput[];
  },
  now: Date,
): Alert[] {
  const alerts = [
    ...circuitAlerts(inputs.circuits, now),
    ...quotaAlerts(inputs.quotas, now),
    ...deadLetterAlerts(inputs.deadLetters),
    ...inboxLagAlerts(inputs.inboxes, now),
  ];
  return alerts.sort(
    (a, b) => Number(a.severity !== "critical") - Number(b.severity !== "critical"),
  );
}
