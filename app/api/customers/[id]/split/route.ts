import { clientIp } from "@/lib/auth/client-ip";
import { splitCustomer } from "@/lib/customers/split";
import { authenticatedRoute } from "@/lib/http/route";

export const POST = authenticatedRoute<{ id: string }>(
  { permission: "customers:split" },
  ({ actor, params, input, request }) =>
    splitCustomer({ actor, customerId: params.id, input, ip: clientIp(request.headers) }),
);
