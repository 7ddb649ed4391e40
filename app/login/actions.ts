"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { headers } from "next/headers";
import { signIn, signOut } from "@/lib/auth/auth";
import { getActor } from "@/lib/auth/session";
import { endAllSessions } from "@/lib/auth/sessions";
import { verifySignIn } from "@/lib/auth/sign-in";
import { clientAddress } from "@/lib/http/client-address";
import { safeCallbackPath } from "@/lib/http/safe-callback";
import { enforceSameOrigin, originProblem } from "@/lib/http/same-origin";
import { signInSchema } from "@/lib/users/schemas";

export interface SignInState {
  message?: string;
  fieldErrors?: { email?: string[]; password?: string[] };
  email?: string;
}

const MESSAGES: Record<string, string> = {
  invalid_credentials: "That email and password do not match an active account.",
  throttled:
    "Too many failed attempts from here. Wait a few minutes, or ask an admin to clear your sign-in limits.",
  retry_soon: "Too many attempts in a row. Wait a few seconds, then try again.",
  invalid_input: "Enter a valid email address and your password.",
};

const text = (value: FormDataEntryValue | null) => (typeof value === "string" ? value : "");

export async function signInAction(_state: SignInState, form: unknown): Promise<SignInState> {
  // A hand-made request can send anything as the form; only a real one is read.
  if (!(form instanceof FormData)) return { message: MESSAGES.invalid_input };
  const requestHeaders = await headers();
  const email = text(form.get("email")).slice(0, 254);
  const problem = originProblem(requestHeaders);
  if (problem) return { message: problem, email };

  const parsed = signInSchema.safeParse({
    email: form.get("email"),
    password: form.get("password"),
  });
  if (!parsed.success) {
    // Audited like every other rejected sign-in (folded, so a flood writes one row).
    await verifySignIn({
      email: form.get("email"),
      password: form.get("password"),
      ip: clientAddress(requestHeaders),
    });
    const flat = parsed.error.flatten().fieldErrors;
    return {
      fieldErrors: { email: flat.email, password: flat.password },
      email: email.replace(/\u0000/g, ""),
    };
  }
  try {
    await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: safeCallbackPath(form.get("callbackUrl")),
    });
    return {};
  } catch (error) {
    // A successful sign-in "throws" Next's redirect; only Auth.js errors are failures.
    if (!(error instanceof AuthError)) throw error;
    const code = error instanceof CredentialsSignin ? error.code : "";
    return { message: MESSAGES[code] ?? "Sign-in failed. Try again.", email: parsed.data.email };
  }
}

export async function signOutAction() {
  await enforceSameOrigin(await headers(), "action:signOut");
  await signOut({ redirectTo: "/login" });
}

/** Ends every session of the signed-in user, on every device, then this one's cookie. */
export async function signOutEverywhereAction() {
  await enforceSameOrigin(await headers(), "action:signOutEverywhere");
  const actor = await getActor();
  if (actor) await endAllSessions({ actor, userId: actor.id });
  await signOut({ redirectTo: "/login" });
}
