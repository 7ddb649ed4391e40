import { authenticatedRoute } from "@/lib/http/route";
import { globalSearch } from "@/lib/search/global-search";

export const GET = authenticatedRoute({ permission: "console:read" }, ({ actor, input }) =>
  globalSearch({ actor, input }),
);
