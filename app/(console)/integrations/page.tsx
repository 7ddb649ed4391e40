import type { Metadata } from "next";
import { ComingSoon } from "@/components/ui/coming-soon";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Integrations" };

export default async function IntegrationsPage() {
  await requirePageActor("/integrations");
  return (
    <>
      <PageHeader
        title="Integrations"
        description="Health of each provider: circuit breaker state, API quota use and rate limits."
      />
      <ComingSoon
        items={[
          "Circuit state per provider (closed, open, half-open) with its history, and admin controls to force or reset it",
          "Requests per minute and quota remaining, with a projection of when a quota runs out",
          "Rate limits configured per provider and how close each is to them",
        ]}
      />
    </>
  );
}
