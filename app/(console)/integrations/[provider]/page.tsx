import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ProviderHealthView } from "@/components/integrations/provider-health-view";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageActor } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { getProviderHealthDetail } from "@/lib/integrations/provider-health";

export const metadata: Metadata = { title: "Integration health" };

export default async function ProviderHealthPage({
  params,
}: {
  params: Promise<{ provider: string }>;
}) {
  const { provider } = await params;
  const actor = await requirePageActor(`/integrations/${provider}`);
  let detail;
  try {
    detail = await getProviderHealthDetail({ actor, provider });
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  return (
    <>
      <PageHeader
        title={`${detail.tile.displayName} health`}
        description="Requests by outcome, latency and quota minute by minute, when the quota runs out at the current rate, and every change of the circuit breaker with its cause. Figures from every instance of the console; they refresh on their own."
      />
      <ProviderHealthView initial={detail} />
    </>
  );
}
