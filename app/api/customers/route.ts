import { listCustomers } from "@/lib/customers/list";
import { authenticatedRoute } from "@/lib/http/route";

export const GET = authenticatedRoute({ permission: "console:read" }, ({ actor, input }) =>
  listCustomers({ actor, input }),
);
