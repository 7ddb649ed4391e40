import { clientIp } from "@/lib/auth/client-ip";
import { authenticatedRoute } from "@/lib/http/route";
import { replayDeliveries } from "@/lib/webhooks/replay";

export const POST = authenticatedRoute(
  { permission: "webhooks:replay" },
  ({ actor, input, request }) => replayDeliveries({ actor, input, ip: clientIp(request.headers) }),
);
