import { endAllSessions } from "@/lib/auth/sessions";
import { authenticatedRoute } from "@/lib/http/route";

// Anyone may end their own sessions; ending another user's needs users:manage (checked in the service).
export const DELETE = authenticatedRoute<{ id: string }>(
  { permission: "console:read" },
  ({ actor, params }) => endAllSessions({ actor, userId: params.id }),
);
