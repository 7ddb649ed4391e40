import { clientIp } from "@/lib/auth/client-ip";
import { authenticatedRoute } from "@/lib/http/route";
import { requestRefund } from "@/lib/payments/refunds";

export const POST = authenticatedRoute<{ chargeId: string }>(
  { permission: "payments:refund" },
  ({ actor, input, params, request }) =>
    requestRefund({ actor, chargeId: params.chargeId, input, ip: clientIp(request.headers) }),
);
