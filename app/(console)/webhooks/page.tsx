import type { Metadata } from "next";
import { PlaceholderPage } from "@/components/ui/placeholder-page";
import { requirePageActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  await requirePageActor("/webhooks");
  return (
    <PlaceholderPage
      title="Webhooks"
      description="Every webhook delivery from Stripe and SendGrid: verified, stored before it was acknowledged, processed exactly once."
      items={[
        "Each delivery with its provider, event type, signature check and processing status",
        "Failed deliveries with the reason, and a replay button for admins",
      ]}
    />
  );
}
