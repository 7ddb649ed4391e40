import { clientIp } from "@/lib/auth/client-ip";
import { authenticatedRoute } from "@/lib/http/route";
import { controlCircuit } from "@/lib/integrations/overview";

export const POST = authenticatedRoute<{ provider: string }>(
  { permission: "integrations:control" },
  ({ actor, input, params, request }) =>
    controlCircuit({ actor, provider: params.provider, input, ip: clientIp(request.headers) }),
);
