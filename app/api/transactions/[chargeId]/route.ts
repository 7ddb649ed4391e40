import { authenticatedRoute } from "@/lib/http/route";
import { getPaymentDetail } from "@/lib/payments/detail";

export const GET = authenticatedRoute<{ chargeId: string }>(
  { permission: "console:read" },
  ({ actor, params }) => getPaymentDetail({ actor, chargeId: params.chargeId }),
);
