import { clientIp } from "@/lib/auth/client-ip";
import { authenticatedRoute } from "@/lib/http/route";
import { recoverMissedEvents } from "@/lib/payments/missed-events";

export const POST = authenticatedRoute({ permission: "webhooks:replay" }, ({ actor, request }) =>
  recoverMissedEvents({ actor, ip: clientIp(request.headers) }),
);
