"use server";

import { revalidatePath } from "next/cache";
import { endAllSessions } from "@/lib/auth/sessions";
import { authenticatedAction } from "@/lib/http/action";
import { clearUserSignInLimits, createUser, updateUser } from "@/lib/users/service";

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
    const user = await updateUser({
      actor,
      userId: typeof userId === "string" ? userId : "",
      input,
    });
    revalidatePath("/users");
    return user;
  },
);

export const endUserSessionsAction = authenticatedAction(
  { permission: "users:manage", name: "endUserSessions" },
  async (actor, userId: unknown) => {
    const result = await endAllSessions({ actor, userId });
    revalidatePath("/users");
    return result;
  },
);

export const clearSignInLimitsAction = authenticatedAction(
  { permission: "users:manage", name: "clearSignInLimits" },
  async (actor, userId: unknown) => {
    const result = await clearUserSignInLimits({ actor, userId });
    revalidatePath("/users");
    return result;
  },
);
