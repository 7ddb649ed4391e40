"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { headers } from "next/headers";
import { signIn, signOut } from "@/lib/auth/auth";
import { originProblem } from "@/lib/http/same-origin";
import { safeCallbackPath } from "@/lib/http/safe-callback";
import { signInSchema } from "@/lib/users/schemas";

export interface SignInState {
  message?: string;
  fieldErrors?: { email?: string[]; password?: string[] };
  email?: string;
}

const MESSAGES: Record<string, string> = {
  invalid_credentials: "That email and password do not match an active account.",
  throttled: "Too many failed attempts. Wait 15 minutes, or ask an admin to check your account.",
  invalid_input: "Enter a valid email address and your password.",
};

export async function signInAction(_state: SignInState, form: FormData): Promise<SignInState> {
  const email = typeof form.get("email") === "string" ? String(form.get("email")) : "";
  const problem = originProblem(await headers());
  if (problem) return { message: problem, email };

  const parsed = signInSchema.safeParse({ email: form.get("email"), password: form.get("password") });
  if (!parsed.success) {
    const flat = parsed.error.flatten().fieldErrors;
    return { fieldErrors: { email: flat.email, password: flat.password }, email: email.slice(0, 254) };
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
  await signOut({ redirectTo: "/login" });
}
