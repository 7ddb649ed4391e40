import { listEmailTemplates } from "@/lib/email/templates";
import { authenticatedRoute } from "@/lib/http/route";

export const GET = authenticatedRoute({ permission: "console:read" }, ({ actor }) =>
  listEmailTemplates({ actor }),
);
