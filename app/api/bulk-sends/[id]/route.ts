import { getBulkSend } from "@/lib/email/bulk/queries";
import { authenticatedRoute } from "@/lib/http/route";

export const GET = authenticatedRoute<{ id: string }>(
  { permission: "emails:send" },
  ({ actor, params }) => getBulkSend({ actor, id: params.id }),
);
