import { clientIp } from "@/lib/auth/client-ip";
import { authenticatedRoute } from "@/lib/http/route";
import { startBulkReplay } from "@/lib/webhooks/bulk-replay";
import { listBulkReplays } from "@/lib/webhooks/bulk-replay-view";

/** The latest bulk replays with their progress. */
export const GET = authenticatedRoute({ permission: "console:read" }, ({ actor }) =>
  listBulkReplays({ actor }),
);

/** Starts replaying every delivery matching `filter` as a durable, paced job. */
export const POST = authenticatedRoute(
  { permission: "webhooks:replay" },
  ({ actor, input, request }) => startBulkReplay({ actor, input, ip: clientIp(request.headers) }),
);
