import { clientIp } from "@/lib/auth/client-ip";
import { authenticatedRoute } from "@/lib/http/route";
import { findMissedEvents, recoverMissedEvents } from "@/lib/payments/missed-events";

/** Lists the events Stripe sent that the inbox never received, storing nothing. */
export const GET = authenticatedRoute({ permission: "webhooks:replay" }, ({ actor }) =>
  findMissedEvents({ actor }),
);

export const POST = authenticatedRoute({ permission: "webhooks:replay" }, ({ actor, request }) =>
  recoverMissedEvents({ actor, ip: clientIp(request.headers) }),
);
