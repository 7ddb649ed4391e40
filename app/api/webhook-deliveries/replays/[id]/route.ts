import { authenticatedRoute } from "@/lib/http/route";
import { getBulkReplay } from "@/lib/webhooks/bulk-replay-view";

export const GET = authenticatedRoute<{ id: string }>(
  { permission: "console:read" },
  ({ actor, params }) => getBulkReplay({ actor, id: params.id }),
);
