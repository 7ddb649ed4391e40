import { getCustomerTimeline } from "@/lib/customers/timeline";
import { authenticatedRoute } from "@/lib/http/route";

export const GET = authenticatedRoute<{ id: string }>(
  { permission: "console:read" },
  ({ actor, params, input }) => getCustomerTimeline({ actor, customerId: params.id, input }),
);
