import type { TransactionStatus } from "./schemas";

const STYLE: Record<TransactionStatus, string> = {
  SUCCEEDED: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  PARTIALLY_REFUNDED: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-200",
  REFUNDED: "bg-slate-200 text-slate-800 dark:bg-slate-800 dark:text-slate-200",
  DISPUTED: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  FAILED: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200",
  PENDING: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
  UNCAPTURED: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
  CANCELED: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
};

export const STATUS_LABEL: Record<TransactionStatus, string> = {
  SUCCEEDED: "Succeeded",
  PARTIALLY_REFUNDED: "Partially refunded",
  REFUNDED: "Refunded",
  DISPUTED: "Disputed",
  FAILED: "Failed",
  PENDING: "Pending",
  UNCAPTURED: "Uncaptured",
  CANCELED: "Canceled",
};

export function StatusBadge({ status }: { status: TransactionStatus }) {
  return (
    <span
      data-testid="transaction-status"
      className={`whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium ${STYLE[status]}`}
    >
      {STATUS_LABEL[status]}
    </span>
  );
}
