"use client";

import { useActionState } from "react";
import { changePasswordAction } from "@/app/(console)/account/actions";
import { FieldError, inputClass, SubmitButton } from "@/components/ui/form";
import { Notice } from "@/components/ui/notice";
import type { ActionResult } from "@/lib/http/action";

type State = ActionResult<{ endedSessions: number }> | null;

const FIELDS = [
  { name: "currentPassword", label: "Current password", autoComplete: "current-password" },
  { name: "newPassword", label: "New password", autoComplete: "new-password" },
  { name: "confirmPassword", label: "New password, again", autoComplete: "new-password" },
] as const;

export function ChangePasswordForm({
  minLength,
  singleSignOn,
}: {
  minLength: number;
  singleSignOn: string | null;
}) {
  const [state, formAction, pending] = useActionState<State, FormData>(
    (_previous, form) =>
      changePasswordAction({
        currentPassword: form.get("currentPassword"),
        newPassword: form.get("newPassword"),
        confirmPassword: form.get("confirmPassword"),
      }),
    null,
  );
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <section className="min-w-0 rounded-lg border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
      <h2 className="font-semibold">Change your password</h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        At least {minLength} characters; a few unrelated words make a good one. Common passwords are
        refused.
        {singleSignOn
          ? ` If you sign in with ${singleSignOn}, change that password there; this one is only for signing in with email and password.`
          : ""}
      </p>
      <form
        action={formAction}
        className="mt-4 space-y-3"
        noValidate
        data-testid="change-password-form"
      >
        {FIELDS.map((field) => (
          <div key={field.name}>
            <label htmlFor={field.name} className="block text-sm font-medium">
              {field.label}
            </label>
            <input
              id={field.name}
              name={field.name}
              type="password"
              autoComplete={field.autoComplete}
              maxLength={800}
              required
              className={inputClass}
              aria-invalid={Boolean(errors?.[field.name])}
              aria-describedby={errors?.[field.name] ? `${field.name}-error` : undefined}
            />
            <FieldError id={`${field.name}-error`} messages={errors?.[field.name]} />
          </div>
        ))}
        {state && !state.ok ? <Notice ok={false}>{state.message}</Notice> : null}
        <SubmitButton pending={pending} pendingLabel="Changing…">
          Change password and sign out everywhere
        </SubmitButton>
      </form>
    </section>
  );
}
