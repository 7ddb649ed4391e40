import type { Metadata } from "next";
import { CircuitTable } from "@/components/integrations/circuit-table";
import { HealthOverview } from "@/components/integrations/health-overview";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { getIntegrationsOverview } from "@/lib/integrations/overview";
import { getProviderHealthOverview } from "@/lib/integrations/provider-health";

export const metadata: Metadata = { title: "Integrations" };

export default async function IntegrationsPage() {
  const actor = await requirePageActor("/integrations");
  const [overview, health] = await Promise.all([
    getIntegrationsOverview({ actor }),
    getProviderHealthOverview({ actor }),
  ]);
  return (
    <>
      <PageHeader
        title="Integrations"
        description="Each provider's health, live: whether calls succeed, how fast, how much quota is left, and what to do when something is wrong. Open a provider for its charts. An open circuit means calls to that provider fail fast instead of piling up while it is down. A simulated provider answers from a local stand-in on this machine; Check connection makes one harmless read call through the same path as every other call."
      />
      <div className="space-y-8">
        <HealthOverview initial={health} />
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
      </div>
    </>
  );
}
