import { authenticatedRoute } from "@/lib/http/route";
import { listPendingApprovals } from "@/lib/payments/approvals";

export const GET = authenticatedRoute({ permission: "payments:approve" }, ({ actor }) =>
  listPendingApprovals({ actor }),
);
