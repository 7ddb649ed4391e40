import { authenticatedRoute } from "@/lib/http/route";
import { getDelivery } from "@/lib/webhooks/queries";

export const GET = authenticatedRoute<{ id: string }>(
  { permission: "console:read" },
  ({ actor, params }) => getDelivery({ actor, id: params.id }),
);
