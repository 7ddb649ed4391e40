import type { Metadata } from "next";
import { ComingSoon } from "@/components/ui/coming-soon";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  await requirePageActor("/webhooks");
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Every webhook delivery from Stripe and SendGrid: verified, stored before it was acknowledged, processed exactly once."
      />
      <ComingSoon
        items={[
          "Each delivery with its provider, event type, signature check and processing status",
          "Failed deliveries with the reason, and a replay button for admins",
        ]}
      />
    </>
  );
}
