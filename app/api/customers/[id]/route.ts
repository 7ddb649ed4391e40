import { getCustomerDetail } from "@/lib/customers/detail";
import { authenticatedRoute } from "@/lib/http/route";

export const GET = authenticatedRoute<{ id: string }>(
  { permission: "console:read" },
  ({ actor, params }) => getCustomerDetail({ actor, customerId: params.id }),
);
