import type { Metadata } from "next";
import { CircuitTable } from "@/components/integrations/circuit-table";
import { QuotaTable } from "@/components/integrations/quota-table";
import { ComingSoon } from "@/components/ui/coming-soon";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { getIntegrationsOverview } from "@/lib/integrations/overview";

export const metadata: Metadata = { title: "Integrations" };

export default async function IntegrationsPage() {
  const actor = await requirePageActor("/integrations");
  const overview = await getIntegrationsOverview({ actor });
  return (
    <>
      <PageHeader
        title="Integrations"
        description="Each provider's mode, circuit breaker and API quota, as every instance of the console sees them. An open circuit means calls to that provider fail fast instead of piling up while it is down. A simulated provider answers from a local stand-in on this machine; Check connection makes one harmless read call through the same path as every other call."
      />
      <div className="space-y-8">
        <CircuitTable
          circuits={overview.circuits.map((circuit) => ({
            provider: circuit.provider,
            displayName: circuit.displayName,
            state: circuit.state,
            forced: circuit.forcedState !== null,
            reason: circuit.reason,
            openUntil: circuit.openUntil?.toISOString() ?? null,
            updatedAt: circuit.updatedAt?.toISOString() ?? null,
            rateLimitPerSecond: circuit.rateLimitPerSecond,
            mode: circuit.mode,
            canCheckConnection: circuit.canCheckConnection,
          }))}
          transitions={overview.transitions.map((transition) => ({
            id: transition.id,
            provider: transition.provider,
            from: transition.fromState,
            to: transition.toState,
            reason: transition.reason,
            at: transition.createdAt.toISOString(),
          }))}
          canControl={can(actor.role, "integrations:control")}
        />
        <QuotaTable
          quotas={overview.quotas.map((quota) => ({
            key: `${quota.provider}:${quota.operation}`,
            provider: quota.provider,
            operation: quota.operation,
            limit: quota.limit,
            remaining: quota.remaining,
            callsPerMinute: quota.callsPerMinute,
            resetAt: quota.resetAt?.toISOString() ?? null,
            exhaustsAt: quota.exhaustsAt?.toISOString() ?? null,
          }))}
        />
        <ComingSoon
          items={[
            "Requests per minute per provider and operation, charted over the last hours",
            "Webhook delivery health per provider",
          ]}
        />
      </div>
    </>
  );
}
