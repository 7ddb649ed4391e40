const STYLES: Record<string, string> = {
  QUEUED: "bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-200",
  FAILED: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200",
  SENT: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-200",
  PROCESSED: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-200",
  DEFERRED: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  DELIVERED: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  OPENED: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  CLICKED: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  BOUNCED: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200",
  DROPPED: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200",
};

export const STATUS_LABELS: Record<string, string> = {
  QUEUED: "Queued",
  FAILED: "Failed",
  SENT: "Sent",
  PROCESSED: "Processed",
  DEFERRED: "Deferred",
  DELIVERED: "Delivered",
  OPENED: "Opened",
  CLICKED: "Clicked",
  BOUNCED: "Bounced",
  DROPPED: "Dropped",
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span
      data-testid="email-status"
      className={`inline-block whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium ${STYLES[status] ?? ""}`}
    >
      {STATUS_LABELS[status] ?? status}
    </span>
  );
}
