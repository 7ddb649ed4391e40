const STYLE: Record<string, string> = {
  SUCCESS: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  HTTP_ERROR: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200",
  NETWORK_ERROR: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200",
  TIMEOUT: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  CIRCUIT_OPEN: "bg-slate-200 text-slate-800 dark:bg-slate-800 dark:text-slate-200",
  RATE_LIMITED: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
};

export const OUTCOME_LABELS: Record<string, string> = {
  SUCCESS: "Success",
  HTTP_ERROR: "HTTP error",
  NETWORK_ERROR: "Network error",
  TIMEOUT: "Timed out",
  CIRCUIT_OPEN: "Circuit open",
  RATE_LIMITED: "Rate limited",
};

/** The outcome with the HTTP status beside it, when the provider answered. */
export function OutcomeBadge({ outcome, status }: { outcome: string; status: number | null }) {
  return (
    <span
      className={`inline-block whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium ${STYLE[outcome] ?? STYLE.CIRCUIT_OPEN}`}
    >
      {status !== null ? `${status} · ` : ""}
      {OUTCOME_LABELS[outcome] ?? outcome}
    </span>
  );
}
