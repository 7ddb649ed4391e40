import type { Metadata } from "next";
import { PlaceholderPage } from "@/components/ui/placeholder-page";
import { requirePageActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "API calls" };

export default async function APIcallsPage() {
  await requirePageActor("/api-calls");
  return (
    <PlaceholderPage
      title="API calls"
      description="Every outbound call to a provider, one row per attempt, with secrets redacted."
      items={[
        "Provider, operation, status, duration, attempt number and outcome of each call",
        "Idempotency key, correlation id and the person who caused the call",
        "Filters by provider, outcome and time",
      ]}
    />
  );
}
