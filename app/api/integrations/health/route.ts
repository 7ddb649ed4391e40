import { authenticatedRoute } from "@/lib/http/route";
import { getProviderHealthOverview } from "@/lib/integrations/provider-health";

export const GET = authenticatedRoute({ permission: "console:read" }, ({ actor }) =>
  getProviderHealthOverview({ actor }),
);
