import { clientIp } from "@/lib/auth/client-ip";
import { authenticatedRoute } from "@/lib/http/route";
import { createPayment } from "@/lib/payments/payments";
import { listTransactions } from "@/lib/payments/queries";

export const GET = authenticatedRoute({ permission: "console:read" }, ({ actor, input }) =>
  listTransactions({ actor, input }),
);

/** A payment with a test payment method: the demo's and the tests' way of making one. */
export const POST = authenticatedRoute(
  { permission: "payments:refund" },
  ({ actor, input, request }) => createPayment({ actor, input, ip: clientIp(request.headers) }),
);
