import { authenticatedRoute } from "@/lib/http/route";
import { updateUser } from "@/lib/users/service";

export const PATCH = authenticatedRoute<{ id: string }>(
  { permission: "users:manage" },
  ({ actor, input, params }) => updateUser({ actor, userId: params.id, input }),
);
