"use client";

import { useQuery } from "@tanstack/react-query";
import { RefundDialog } from "@/components/payments/refund-dialog";
import { getJson, paymentDetailSchema } from "@/components/payments/schemas";

/**
 * The Transactions page's refund dialog, in place on the timeline: the payment's own detail
 * (balance, approval threshold, circuit) is loaded, and the same dialog and service refund it.
 */
export function QuickRefund({ chargeId, onDone }: { chargeId: string; onDone: () => void }) {
  const { data, error, isPending } = useQuery({
    queryKey: ["payment", chargeId],
    queryFn: () =>
      getJson(`/api/transactions/${encodeURIComponent(chargeId)}`, paymentDetailSchema),
  });
  if (isPending) return <p className="text-sm text-slate-500">Loading the payment…</p>;
  if (error || !data) {
    return (
      <p role="alert" className="text-sm text-red-700 dark:text-red-300">
        {error instanceof Error ? error.message : "The payment could not be loaded."}
      </p>
    );
  }
  if (!data.canRefund) {
    return <p className="text-sm text-slate-500">This payment cannot be refunded from here.</p>;
  }
  return <RefundDialog detail={data} autoOpen onDone={onDone} />;
}
