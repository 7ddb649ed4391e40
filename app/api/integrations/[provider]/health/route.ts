import { authenticatedRoute } from "@/lib/http/route";
import { getProviderHealthDetail } from "@/lib/integrations/provider-health";

export const GET = authenticatedRoute<{ provider: string }>(
  { permission: "console:read" },
  ({ actor, input, params }) =>
    getProviderHealthDetail({ actor, provider: params.provider, input }),
);
