"use client";

import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { formatTime } from "@/components/email/format";
import { Notice } from "@/components/ui/notice";
import { callApi } from "@/components/webhooks/api";
import {
  customerDetailSchema,
  timelinePageSchema,
  type CustomerDetail,
  type TimelinePage,
} from "@/lib/customers/views";
import { CustomerLinks } from "./customer-links";
import { CustomerSummary } from "./customer-summary";
import { TimelineEntry } from "./timeline-entry";
import { filterParams, TimelineFilters, type TimelineFilter } from "./timeline-filters";

/** Fresh enough that a refund and its confirmation email appear while the agent watches. */
const POLL_MS = 4_000;

/** A customer: who it is and why, a summary, and one timeline across both providers. */
export function CustomerView({
  initialDetail,
  initialTimeline,
  initialFilter,
  canRefund,
  canResend,
  canSplit,
}: {
  initialDetail: CustomerDetail;
  initialTimeline: TimelinePage;
  initialFilter: TimelineFilter;
  canRefund: boolean;
  canResend: boolean;
  canSplit: boolean;
}) {
  const id = initialDetail.id;
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState(initialFilter);
  const { data: detail = initialDetail } = useQuery({
    queryKey: ["customer", id],
    queryFn: () => callApi(`/api/customers/${id}`, customerDetailSchema),
    initialData: initialDetail,
    refetchInterval: POLL_MS,
  });
  const params = filterParams(filter).toString();
  const timeline = useInfiniteQuery({
    queryKey: ["customer", id, "timeline", params],
    queryFn: ({ pageParam }) => {
      const query = new URLSearchParams(params);
      if (pageParam) query.set("after", pageParam);
      return callApi(`/api/customers/${id}/timeline?${query.toString()}`, timelinePageSchema);
    },
    initialPageParam: "",
    getNextPageParam: (last) => last.next ?? undefined,
    initialData:
      params === filterParams(initialFilter).toString()
        ? { pages: [initialTimeline], pageParams: [""] }
        : undefined,
    refetchInterval: POLL_MS,
  });

  function changeFilter(next: TimelineFilter) {
    setFilter(next);
    const query = filterParams(next).toString();
    // The address keeps the filter, so a link shows the same timeline; no server round trip.
    window.history.replaceState(null, "", `/customers/${id}${query ? `?${query}` : ""}`);
  }

  const refresh = () => queryClient.invalidateQueries({ queryKey: ["customer", id] });
  const items = timeline.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-500">
          <Link href="/customers" className="underline">
            Customers
          </Link>
        </p>
        <h1 className="break-words text-2xl font-semibold" data-testid="customer-name">
          {detail.name ?? detail.email ?? "Unnamed customer"}
        </h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {detail.name && detail.email ? (
            <span className="break-all">{detail.email} · </span>
          ) : null}
          first seen {formatTime(detail.createdAt)}
          {detail.splitFrom ? (
            <>
              {" "}
              · split off{" "}
              <Link href={`/customers/${detail.splitFrom.id}`} className="underline">
                {detail.splitFrom.label}
              </Link>
            </>
          ) : null}
        </p>
      </div>
      <CustomerSummary detail={detail} />
      <CustomerLinks customerId={id} links={detail.links} canSplit={canSplit} />
      <section
        aria-labelledby="timeline-heading"
        className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
      >
        <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="timeline-heading" className="font-semibold">
            Timeline
          </h2>
          <p className="text-xs text-slate-500">
            Newest first, Stripe and SendGrid together; updates by itself.
          </p>
        </div>
        <TimelineFilters filter={filter} onChange={changeFilter} />
        {timeline.error instanceof Error ? (
          <Notice ok={false} className="mt-3">
            {timeline.error.message}
          </Notice>
        ) : null}
        {timeline.isPending ? (
          <p className="mt-4 text-sm text-slate-500" role="status">
            Loading the timeline…
          </p>
        ) : items.length === 0 ? (
          <p className="mt-4 rounded-md border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
            Nothing{" "}
            {filter.kinds.length || filter.from || filter.to
              ? "matches these filters"
              : "on this customer’s timeline yet"}
            .
          </p>
        ) : (
          <ol
            className="mt-4 border-l border-slate-200 dark:border-slate-800"
            data-testid="customer-timeline"
          >
            {items.map((item) => (
              <TimelineEntry
                key={item.key}
                item={item}
                canRefund={canRefund}
                canResend={canResend}
                onChanged={refresh}
              />
            ))}
          </ol>
        )}
        {timeline.hasNextPage ? (
          <button
            type="button"
            onClick={() => timeline.fetchNextPage()}
            disabled={timeline.isFetchingNextPage}
            className="mt-2 rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700"
          >
            {timeline.isFetchingNextPage ? "Loading…" : "Show older"}
          </button>
        ) : null}
      </section>
    </div>
  );
}
