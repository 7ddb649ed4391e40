import { listUnmatchedEvents } from "@/lib/email/queries/unmatched-events";
import { authenticatedRoute } from "@/lib/http/route";

export const GET = authenticatedRoute({ permission: "console:read" }, ({ actor, input }) =>
  listUnmatchedEvents({ actor, input }),
);
