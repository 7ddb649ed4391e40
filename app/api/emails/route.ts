import { clientIp } from "@/lib/auth/client-ip";
import { listMessages } from "@/lib/email/queries/list-messages";
import { sendEmail } from "@/lib/email/send-email";
import { authenticatedRoute } from "@/lib/http/route";

export const GET = authenticatedRoute({ permission: "console:read" }, ({ actor, input }) =>
  listMessages({ actor, input }),
);

export const POST = authenticatedRoute({ permission: "emails:send" }, ({ actor, input, request }) =>
  sendEmail({ actor, input, ip: clientIp(request.headers) }),
);
