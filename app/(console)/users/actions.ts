"use server";

import { revalidatePath } from "next/cache";
import { authenticatedAction } from "@/lib/http/action";
import { createUser, updateUser } from "@/lib/users/service";

export const createUserAction = authenticatedAction(
  { permission: "users:manage", name: "createUser" },
  async (actor, input: unknown) => {
    const user = await createUser({ actor, input });
    revalidatePath("/users");
    return user;
  },
);

export const updateUserAction = authenticatedAction(
  { permission: "users:manage", name: "updateUser" },
  async (actor, userId: unknown, input: unknown) => {
    const user = await updateUser({ actor, userId: typeof userId === "string" ? userId : "", input });
    revalidatePath("/users");
    return user;
  },
);
