import { STATUS_LABELS as EMAIL_STATUS_LABELS } from "@/components/email/status-badge";
import { STATUS_LABEL as PAYMENT_STATUS_LABEL } from "@/components/payments/status-badge";
import { DELIVERY_STATUS_LABELS } from "@/components/webhooks/status-badge";
import type { SearchKind } from "@/lib/search/result";

export const GROUP_LABEL: Record<SearchKind, string> = {
  customer: "Customers",
  payment: "Payments",
  refund: "Refunds",
  email: "Emails",
  webhook: "Webhook deliveries",
};

export const SEE_ALL_LABEL: Record<SearchKind, string> = {
  customer: "See all in Customers",
  payment: "See all in Transactions",
  refund: "See it in Transactions",
  email: "See all in Emails",
  webhook: "See all in Webhooks",
};

const paymentLabels = new Map<string, string>(Object.entries(PAYMENT_STATUS_LABEL));

/** The same words each list page uses for a status. */
export function statusLabel(kind: SearchKind, status: string): string {
  const fallback = status.charAt(0) + status.slice(1).toLowerCase().replaceAll("_", " ");
  switch (kind) {
    case "payment":
      return paymentLabels.get(status) ?? fallback;
    case "email":
      return EMAIL_STATUS_LABELS[status] ?? fallback;
    case "webhook":
      return DELIVERY_STATUS_LABELS[status] ?? fallback;
    case "refund":
    case "customer":
      return fallback;
  }
}
