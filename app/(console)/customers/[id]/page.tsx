import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CustomerView } from "@/components/customers/customer-view";
import type { TimelineFilter } from "@/components/customers/timeline-filters";
import { can } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { getCustomerDetail } from "@/lib/customers/detail";
import { getCustomerTimeline } from "@/lib/customers/timeline";
import { timelineKinds, type TimelineKind } from "@/lib/customers/views";
import { isAppError } from "@/lib/errors";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined) =>
  (Array.isArray(value) ? value[0] : value) ?? "";

const day = (value: string) => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? value : "");

const isKind = (value: string): value is TimelineKind =>
  timelineKinds.some((kind) => kind === value);

export const metadata: Metadata = { title: "Customer" };

export default async function CustomerPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: SearchParams;
}) {
  const { id } = await params;
  const query = await searchParams;
  // Unknown kinds in a hand-edited address are dropped rather than refused.
  const asked: TimelineFilter = {
    kinds: first(query.kinds).split(",").filter(isKind),
    from: day(first(query.from)),
    to: day(first(query.to)),
  };
  const actor = await requirePageActor(`/customers/${id}`);
  const load = (shown: TimelineFilter) =>
    Promise.all([
      getCustomerDetail({ actor, customerId: id }),
      getCustomerTimeline({
        actor,
        customerId: id,
        input: { kinds: shown.kinds.join(","), from: shown.from, to: shown.to },
      }),
    ]);
  const everything: TimelineFilter = { kinds: [], from: "", to: "" };
  let loaded;
  let filter = asked;
  try {
    loaded = await load(asked).catch((error: unknown) => {
      // A hand-edited address with an impossible range shows everything instead of an error page.
      if (isAppError(error) && error.code === "VALIDATION_FAILED") return null;
      throw error;
    });
    if (!loaded) {
      filter = everything;
      loaded = await load(everything);
    }
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  const [detail, timeline] = loaded;
  return (
    <CustomerView
      initialDetail={detail}
      initialTimeline={timeline}
      initialFilter={filter}
      canRefund={can(actor.role, "payments:refund")}
      canResend={can(actor.role, "emails:resend")}
      canSplit={can(actor.role, "customers:split")}
    />
  );
}
