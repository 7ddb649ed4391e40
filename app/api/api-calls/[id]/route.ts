import { getApiCall } from "@/lib/api-calls/queries";
import { authenticatedRoute } from "@/lib/http/route";

export const GET = authenticatedRoute<{ id: string }>(
  { permission: "console:read" },
  ({ actor, params }) => getApiCall({ actor, id: params.id }),
);
