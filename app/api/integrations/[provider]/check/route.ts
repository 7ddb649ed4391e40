import { clientIp } from "@/lib/auth/client-ip";
import { authenticatedRoute } from "@/lib/http/route";
import { checkConnection } from "@/lib/integrations/connection-check";

export const POST = authenticatedRoute<{ provider: string }>(
  { permission: "integrations:control" },
  ({ actor, params, request }) =>
    checkConnection({ actor, provider: params.provider, ip: clientIp(request.headers) }),
);
