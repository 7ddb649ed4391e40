import { clientIp } from "@/lib/auth/client-ip";
import { authenticatedRoute } from "@/lib/http/route";
import { decideRefund } from "@/lib/payments/refunds";

export const POST = authenticatedRoute<{ id: string }>(
  { permission: "payments:approve" },
  ({ actor, input, params, request }) =>
    decideRefund({ actor, refundId: params.id, input, ip: clientIp(request.headers) }),
);
