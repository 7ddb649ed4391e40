import { authenticatedRoute } from "@/lib/http/route";
import { clearUserSignInLimits } from "@/lib/users/service";

export const DELETE = authenticatedRoute<{ id: string }>(
  { permission: "users:manage" },
  ({ actor, params }) => clearUserSignInLimits({ actor, userId: params.id }),
);
