import { listAuditEntries } from "@/lib/audit/queries";
import { authenticatedRoute } from "@/lib/http/route";

export const GET = authenticatedRoute({ permission: "audit:read" }, ({ actor, input }) =>
  listAuditEntries({ actor, query: input }),
);
