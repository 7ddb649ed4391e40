import type { Metadata } from "next";
import { PlaceholderPage } from "@/components/ui/placeholder-page";
import { requirePageActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Emails" };

export default async function EmailsPage() {
  await requirePageActor("/emails");
  return (
    <PlaceholderPage
      title="Emails"
      description="Find an email sent through SendGrid and resend it."
      items={[
        "Emails sent through SendGrid, searchable by recipient, template and date",
        "Delivery events from SendGrid's event webhook: delivered, opened, bounced, dropped, spam reports",
        "A resend button for support staff, idempotent per click",
      ]}
    />
  );
}
