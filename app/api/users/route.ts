import { authenticatedRoute } from "@/lib/http/route";
import { createUser, listUsers } from "@/lib/users/service";

export const GET = authenticatedRoute({ permission: "users:manage" }, ({ actor }) =>
  listUsers({ actor }),
);

export const POST = authenticatedRoute({ permission: "users:manage" }, ({ actor, input }) =>
  createUser({ actor, input }),
);
