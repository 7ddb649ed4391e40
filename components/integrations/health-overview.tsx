"use client";

import { useQuery } from "@tanstack/react-query";
import { Notice } from "@/components/ui/notice";
import { getJson } from "@/components/payments/schemas";
import { HealthTile } from "./health-tile";
import { overviewSchema, type HealthOverviewData } from "./health-schemas";

/** Every provider's tile, polled every 2.5 s so an outage shows without a reload. */
export function HealthOverview({ initial }: { initial: HealthOverviewData }) {
  const { data = initial, error } = useQuery({
    queryKey: ["integrations-health"],
    queryFn: () => getJson("/api/integrations/health", overviewSchema),
    initialData: initial,
    refetchInterval: 2_500,
    refetchIntervalInBackground: false,
  });
  const now = new Date(data.generatedAt).getTime();
  return (
    <section aria-labelledby="health-heading" className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="health-heading" className="font-semibold">
          Provider health
        </h2>
        <p className="text-xs text-slate-500" data-testid="health-updated">
          Live: updated {new Date(data.generatedAt).toLocaleTimeString()}
        </p>
      </div>
      {error instanceof Error ? (
        <Notice ok={false}>
          Could not refresh: {error.message} The figures below are from{" "}
          {new Date(data.generatedAt).toLocaleTimeString()}.
        </Notice>
      ) : null}
      {data.tiles.length === 0 ? (
        <p className="text-sm text-slate-500">No provider is configured.</p>
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          {data.tiles.map((tile) => (
            <HealthTile key={tile.provider} tile={tile} now={now} />
          ))}
        </div>
      )}
    </section>
  );
}
