import { clientIp } from "@/lib/auth/client-ip";
import { authenticatedRoute } from "@/lib/http/route";
import { jsonOnly } from "@/lib/payments/json-only";
import { decideRefund } from "@/lib/payments/refunds";

export const POST = jsonOnly(
  authenticatedRoute<{ id: string }>(
    { permission: "payments:approve" },
    ({ actor, input, params, request }) =>
      decideRefund({ actor, refundId: params.id, input, ip: clientIp(request.headers) }),
  ),
);
