import { listApiCalls } from "@/lib/api-calls/queries";
import { authenticatedRoute } from "@/lib/http/route";

export const GET = authenticatedRoute({ permission: "console:read" }, ({ actor, input }) =>
  listApiCalls({ actor, input }),
);
