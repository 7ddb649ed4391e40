import { getActiveAlerts } from "@/lib/health/alerts";
import { authenticatedRoute } from "@/lib/http/route";

export const GET = authenticatedRoute({ permission: "console:read" }, ({ actor }) =>
  getActiveAlerts({ actor }),
);
