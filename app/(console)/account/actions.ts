"use server";

import { headers } from "next/headers";
import { signOut } from "@/lib/auth/auth";
import { authenticatedAction, type ActionResult } from "@/lib/http/action";
import { clientAddress } from "@/lib/http/client-address";
import { changeOwnPassword, type PasswordChanged } from "@/lib/users/change-password";

const changePassword = authenticatedAction(
  { permission: "console:read", name: "changePassword" },
  async (actor, input: unknown) =>
    changeOwnPassword({ actor, input, ip: clientAddress(await headers()) }),
);

/**
 * Changes the signed-in user's password. Every session ends, so on success this browser's cookie
 * goes too and it is sent to the sign-in page, which says why; a refusal comes back to the form.
 */
export async function changePasswordAction(input: unknown): Promise<ActionResult<PasswordChanged>> {
  const result = await changePassword(input);
  if (result.ok) await signOut({ redirectTo: "/login?notice=password-changed" });
  return result;
}
