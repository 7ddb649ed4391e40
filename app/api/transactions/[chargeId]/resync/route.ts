import { clientIp } from "@/lib/auth/client-ip";
import { authenticatedRoute } from "@/lib/http/route";
import { resyncPayment } from "@/lib/payments/payments";

export const POST = authenticatedRoute<{ chargeId: string }>(
  { permission: "payments:refund" },
  ({ actor, params, request }) =>
    resyncPayment({ actor, chargeId: params.chargeId, ip: clientIp(request.headers) }),
);
