import { clientIp } from "@/lib/auth/client-ip";
import { authenticatedRoute } from "@/lib/http/route";
import { cancelBulkReplay } from "@/lib/webhooks/bulk-replay";
import { getBulkReplay } from "@/lib/webhooks/bulk-replay-view";

export const GET = authenticatedRoute<{ id: string }>(
  { permission: "console:read" },
  ({ actor, params }) => getBulkReplay({ actor, id: params.id }),
);

/** Cancels a queued or running bulk replay; what it already did stays done. */
export const DELETE = authenticatedRoute<{ id: string }>(
  { permission: "webhooks:replay" },
  ({ actor, params, request }) =>
    cancelBulkReplay({ actor, id: params.id, ip: clientIp(request.headers) }),
);
