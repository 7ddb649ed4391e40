"use client";

import { useActionState } from "react";
import { createUserAction } from "@/app/(console)/users/actions";
import { FieldError, inputClass } from "@/components/ui/form";
import type { ActionResult } from "@/lib/http/action";

type State = ActionResult<{ email: string }> | null;

export function CreateUserForm() {
  const [state, formAction, pending] = useActionState<State, FormData>(
    async (_previous, form) => {
      const result = await createUserAction({
        email: form.get("email"),
        name: form.get("name"),
        role: form.get("role"),
        password: form.get("password"),
      });
      return result.ok ? { ok: true, data: { email: result.data.email } } : result;
    },
    null,
  );
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
      <h2 className="font-semibold">Add a user</h2>
      <form action={formAction} className="mt-4 space-y-3" noValidate data-testid="create-user-form">
        <div>
          <label htmlFor="new-email" className="block text-sm font-medium">Email</label>
          <input id="new-email" name="email" type="email" maxLength={300} className={inputClass} aria-invalid={Boolean(errors?.email)} />
          <FieldError id="new-email-error" messages={errors?.email} />
        </div>
        <div>
          <label htmlFor="new-name" className="block text-sm font-medium">Name</label>
          <input id="new-name" name="name" maxLength={300} className={inputClass} aria-invalid={Boolean(errors?.name)} />
          <FieldError id="new-name-error" messages={errors?.name} />
        </div>
        <div>
          <label htmlFor="new-role" className="block text-sm font-medium">Role</label>
          <select id="new-role" name="role" defaultValue="SUPPORT" className={inputClass} aria-invalid={Boolean(errors?.role)}>
            <option value="ADMIN">Admin: everything, including users and integration controls</option>
            <option value="SUPPORT">Support: refund, resend and read</option>
            <option value="VIEWER">Viewer: read only</option>
          </select>
          <FieldError id="new-role-error" messages={errors?.role} />
        </div>
        <div>
          <label htmlFor="new-password" className="block text-sm font-medium">Initial password</label>
          <input id="new-password" name="password" type="password" autoComplete="new-password" maxLength={300} className={inputClass} aria-invalid={Boolean(errors?.password)} />
          <FieldError id="new-password-error" messages={errors?.password ?? ["At least 12 characters. Share it with the person privately."]} />
        </div>
        {state ? (
          <p role={state.ok ? "status" : "alert"} className={`rounded-md p-3 text-sm ${state.ok ? "bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100" : "bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-200"}`}>
            {state.ok ? `Added ${state.data.email}.` : errors ? "Nothing was saved. Correct the fields marked above." : state.message}
          </p>
        ) : null}
        <button type="submit" disabled={pending} className="w-full rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60">
          {pending ? "Adding…" : "Add user"}
        </button>
      </form>
    </section>
  );
}
