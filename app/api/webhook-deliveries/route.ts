import { authenticatedRoute } from "@/lib/http/route";
import { listDeliveries } from "@/lib/webhooks/queries";

export const GET = authenticatedRoute({ permission: "console:read" }, ({ actor, input }) =>
  listDeliveries({ actor, input }),
);
