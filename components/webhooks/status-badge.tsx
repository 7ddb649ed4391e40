const STYLES: Record<string, string> = {
  RECEIVED: "bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-200",
  PROCESSING: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-200",
  PROCESSED: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  FAILED: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  DEAD_LETTERED: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200",
  REJECTED: "bg-fuchsia-100 text-fuchsia-900 dark:bg-fuchsia-950 dark:text-fuchsia-200",
};

export const DELIVERY_STATUS_LABELS: Record<string, string> = {
  RECEIVED: "Received",
  PROCESSING: "Processing",
  PROCESSED: "Processed",
  FAILED: "Failed, retrying",
  DEAD_LETTERED: "Dead-lettered",
  REJECTED: "Rejected",
};

export function DeliveryStatusBadge({ status }: { status: string }) {
  return (
    <span
      data-testid="delivery-status"
      className={`inline-block whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium ${STYLES[status] ?? ""}`}
    >
      {DELIVERY_STATUS_LABELS[status] ?? status}
    </span>
  );
}
