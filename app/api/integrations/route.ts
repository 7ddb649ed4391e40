import { authenticatedRoute } from "@/lib/http/route";
import { getIntegrationsOverview } from "@/lib/integrations/overview";

export const GET = authenticatedRoute({ permission: "console:read" }, ({ actor }) =>
  getIntegrationsOverview({ actor }),
);
