import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatTime } from "@/components/email/format";
import { DeliveryDetailView } from "@/components/webhooks/delivery-detail";
import { can } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { deliveryProviders, getDelivery } from "@/lib/webhooks/queries";

export const metadata: Metadata = { title: "Webhook delivery" };

export default async function DeliveryPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePageActor(`/webhooks/${id}`);
  const delivery = await getDelivery({ actor, id }).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const providers = await deliveryProviders({ actor });
  const providerName =
    providers.find((provider) => provider.name === delivery.provider)?.displayName ??
    delivery.provider;
  const iso = (date: Date | null) => formatTime(date?.toISOString());
  return (
    <div className="space-y-6">
      <Link
        href="/webhooks"
        className="text-sm text-indigo-700 hover:underline dark:text-indigo-300"
      >
        ← Webhook deliveries
      </Link>
      <DeliveryDetailView
        delivery={{
          id: delivery.id,
          provider: providerName,
          eventId: delivery.eventId,
          eventType: delivery.eventType,
          status: delivery.status,
          attempts: delivery.attempts,
          lastError: delivery.lastError,
          rejectReason: delivery.rejectReason,
          sourceIp: delivery.sourceIp,
          occurredAt: iso(delivery.occurredAt),
          receivedAt: iso(delivery.receivedAt),
          processedAt: iso(delivery.processedAt),
          updatedAt: iso(delivery.updatedAt),
          repeats: delivery.repeats,
          lastRepeatAt: iso(delivery.lastRepeatAt),
          payload: delivery.payload,
          hint: delivery.hint,
        }}
        canReplay={can(actor.role, "webhooks:replay")}
      />
    </div>
  );
}
