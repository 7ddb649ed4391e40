import { getMessageDetail } from "@/lib/email/queries/message-detail";
import { authenticatedRoute } from "@/lib/http/route";

export const GET = authenticatedRoute<{ id: string }>(
  { permission: "console:read" },
  ({ actor, params }) => getMessageDetail({ actor, id: params.id }),
);
