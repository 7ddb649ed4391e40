import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PaymentDetailView } from "@/components/payments/payment-detail-view";
import { requirePageActor } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { getPaymentDetail } from "@/lib/payments/detail";

export const metadata: Metadata = { title: "Payment" };

export default async function PaymentPage({ params }: { params: Promise<{ chargeId: string }> }) {
  const { chargeId } = await params;
  const actor = await requirePageActor(`/transactions/${chargeId}`);
  let detail;
  try {
    detail = await getPaymentDetail({ actor, chargeId });
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  return (
    <>
      <h1 className="mb-4 break-all text-2xl font-semibold">
        Payment{" "}
        <span className="font-mono text-lg text-slate-500">{detail.transaction.chargeId}</span>
      </h1>
      <PaymentDetailView initial={JSON.parse(JSON.stringify(detail))} />
    </>
  );
}
