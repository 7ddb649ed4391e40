import { clientIp } from "@/lib/auth/client-ip";
import { resendEmail } from "@/lib/email/resend";
import { authenticatedRoute } from "@/lib/http/route";

export const POST = authenticatedRoute<{ id: string }>(
  { permission: "emails:resend" },
  ({ actor, params, input, request }) =>
    resendEmail({ actor, messageId: params.id, input, ip: clientIp(request.headers) }),
);
