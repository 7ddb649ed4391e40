import type { Metadata } from "next";
import Link from "next/link";
import { BulkReplays } from "@/components/webhooks/bulk-replays";
import { DeliveriesTable } from "@/components/webhooks/deliveries-table";
import { DeliveryFilters } from "@/components/webhooks/delivery-filters";
import { MissedEvents } from "@/components/webhooks/missed-events";
import { DELIVERY_STATUS_LABELS } from "@/components/webhooks/status-badge";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { listBulkReplays } from "@/lib/webhooks/bulk-replay-view";
import { filterParams } from "@/lib/webhooks/filters";
import { deliveryProviders, listDeliveries } from "@/lib/webhooks/queries";

export const metadata: Metadata = { title: "Webhooks" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function single(params: Record<string, string | string[] | undefined>) {
  return Object.fromEntries(
    Object.entries(params).flatMap(([key, value]) =>
      typeof value === "string" ? [[key, value]] : [],
    ),
  );
}

/** The filter in words, for the bulk replay's button and confirmation. */
function describe(params: Record<string, string>, providers: Map<string, string>): string {
  const status = params.status
    ? DELIVERY_STATUS_LABELS[params.status]?.toLowerCase()
    : "failed and dead-lettered";
  const parts = [`every ${status ?? params.status} delivery`];
  if (params.provider) parts.push(`from ${providers.get(params.provider) ?? params.provider}`);
  if (params.eventType) parts.push(`of type ${params.eventType}`);
  if (params.from) parts.push(`received from ${params.from.replace("T", " ")} UTC`);
  if (params.to) parts.push(`before ${params.to.replace("T", " ")} UTC`);
  return parts.join(" ");
}

export default async function WebhooksPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requirePageActor("/webhooks");
  const params = single(await searchParams);
  const providers = await deliveryProviders({ actor });
  const names = new Map(providers.map((provider) => [provider.name, provider.displayName]));
  let page: Awaited<ReturnType<typeof listDeliveries>> | null = null;
  let problem: string | null = null;
  try {
    page = await listDeliveries({ actor, input: params });
  } catch (error) {
    if (!isAppError(error)) throw error;
    problem = error.userMessage;
  }
  const replays = await listBulkReplays({ actor });
  const canReplay = can(actor.role, "webhooks:replay");
  const query = filterParams(params);
  const filtered = [...query.keys()].length > 0;
  const nextHref = page?.next
    ? `/webhooks?${new URLSearchParams([...query, ["after", page.next]]).toString()}`
    : null;
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Every webhook delivery the inbox received, newest first: verified and stored before it was acknowledged, then processed exactly once. Rejected deliveries say why and how to fix it; failed ones can be replayed."
      />
      {canReplay ? <MissedEvents /> : null}
      <BulkReplays
        initial={replays.map((replay) => ({
          ...replay,
          filter: replay.filter,
          createdAt: replay.createdAt.toISOString(),
          finishedAt: replay.finishedAt?.toISOString() ?? null,
        }))}
        canReplay={canReplay && !problem}
        replayable={params.status !== "PROCESSED" && params.status !== "REJECTED"}
        filter={Object.fromEntries(query)}
        filterLabel={describe(params, names)}
      />
      <section className="rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <DeliveryFilters values={params} providers={providers} />
        {problem ? (
          <Notice ok={false} className="m-3">
            {problem}
          </Notice>
        ) : (
          <DeliveriesTable
            filtered={filtered}
            rows={(page?.deliveries ?? []).map((row) => ({
              id: row.id,
              provider: row.provider,
              providerName: names.get(row.provider) ?? row.provider,
              eventId: row.eventId,
              eventType: row.eventType,
              status: row.status,
              attempts: row.attempts,
              problem: row.status === "REJECTED" ? row.rejectReason : row.lastError,
              receivedAt: row.receivedAt.toISOString(),
              repeats: row.repeats,
            }))}
          />
        )}
        <nav
          aria-label="Pages"
          className="flex justify-between border-t border-slate-200 p-3 text-sm dark:border-slate-800"
        >
          {params.after ? (
            <Link
              href={`/webhooks?${query.toString()}`}
              className="text-indigo-700 hover:underline dark:text-indigo-300"
            >
              ← Newest
            </Link>
          ) : (
            <span />
          )}
          {nextHref ? (
            <Link href={nextHref} className="text-indigo-700 hover:underline dark:text-indigo-300">
              Older deliveries →
            </Link>
          ) : (
            <span className="text-slate-500">End of the list</span>
          )}
        </nav>
      </section>
    </>
  );
}
