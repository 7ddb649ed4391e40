"use client";

import { useActionState } from "react";
import { signInAction, type SignInState } from "@/app/login/actions";
import { FieldError, inputClass, SubmitButton } from "@/components/ui/form";
import { Notice } from "@/components/ui/notice";

export function LoginForm({
  callbackUrl,
  oidcName,
}: {
  callbackUrl: string;
  oidcName: string | null;
}) {
  const [state, formAction, pending] = useActionState<SignInState, FormData>(signInAction, {});
  return (
    <>
      <form action={formAction} className="mt-6 space-y-4" noValidate>
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        <div>
          <label htmlFor="email" className="block text-sm font-medium">
            Email
          </label>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            defaultValue={state.email}
            maxLength={254}
            required
            className={inputClass}
            aria-invalid={Boolean(state.fieldErrors?.email)}
            aria-describedby="email-error"
          />
          <FieldError id="email-error" messages={state.fieldErrors?.email} />
        </div>
        <div>
          <label htmlFor="password" className="block text-sm font-medium">
            Password
          </label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            maxLength={200}
            required
            className={inputClass}
            aria-invalid={Boolean(state.fieldErrors?.password)}
            aria-describedby="password-error"
          />
          <FieldError id="password-error" messages={state.fieldErrors?.password} />
        </div>
        {state.message ? <Notice ok={false}>{state.message}</Notice> : null}
        <SubmitButton pending={pending} pendingLabel="Signing in…">
          Sign in
        </SubmitButton>
      </form>
      {oidcName ? (
        <a
          href={`/api/auth/signin/oidc?callbackUrl=${encodeURIComponent(callbackUrl)}`}
          className="mt-3 block w-full rounded-md border border-slate-300 px-4 py-2 text-center text-sm font-medium hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          Continue with {oidcName}
        </a>
      ) : null}
    </>
  );
}
