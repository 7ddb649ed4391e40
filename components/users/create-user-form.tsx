"use client";

import { useActionState } from "react";
import { createUserAction } from "@/app/(console)/users/actions";
import { FieldError, inputClass, SubmitButton } from "@/components/ui/form";
import type { ActionResult } from "@/lib/http/action";
import { Notice } from "@/components/ui/notice";

interface Draft {
  email: string;
  name: string;
  role: string;
}
// A rejected form comes back with what the admin typed (except the password), so nothing is retyped.
type State = (ActionResult<{ email: string }> & { draft?: Draft }) | null;

const text = (value: FormDataEntryValue | null) => (typeof value === "string" ? value : "");

export function CreateUserForm() {
  const [state, formAction, pending] = useActionState<State, FormData>(async (_previous, form) => {
    const result = await createUserAction({
      email: form.get("email"),
      name: form.get("name"),
      role: form.get("role"),
      password: form.get("password"),
    });
    if (result.ok) return { ok: true, data: { email: result.data.email } };
    return {
      ...result,
      draft: {
        email: text(form.get("email")),
        name: text(form.get("name")),
        role: text(form.get("role")),
      },
    };
  }, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const draft = state?.draft;
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
      <h2 className="font-semibold">Add a user</h2>
      <form
        action={formAction}
        className="mt-4 space-y-3"
        noValidate
        data-testid="create-user-form"
      >
        <div>
          <label htmlFor="new-email" className="block text-sm font-medium">
            Email
          </label>
          <input
            id="new-email"
            name="email"
            type="email"
            defaultValue={draft?.email}
            maxLength={300}
            className={inputClass}
            aria-invalid={Boolean(errors?.email)}
          />
          <FieldError id="new-email-error" messages={errors?.email} />
        </div>
        <div>
          <label htmlFor="new-name" className="block text-sm font-medium">
            Name
          </label>
          <input
            id="new-name"
            name="name"
            defaultValue={draft?.name}
            maxLength={300}
            className={inputClass}
            aria-invalid={Boolean(errors?.name)}
          />
          <FieldError id="new-name-error" messages={errors?.name} />
        </div>
        <div>
          <label htmlFor="new-role" className="block text-sm font-medium">
            Role
          </label>
          <select
            id="new-role"
            name="role"
            defaultValue={draft?.role ?? "SUPPORT"}
            className={inputClass}
            aria-invalid={Boolean(errors?.role)}
          >
            <option value="ADMIN">
              Admin: everything, including users and integration controls
            </option>
            <option value="SUPPORT">Support: refund, resend and read</option>
            <option value="VIEWER">Viewer: read only</option>
          </select>
          <FieldError id="new-role-error" messages={errors?.role} />
        </div>
        <div>
          <label htmlFor="new-password" className="block text-sm font-medium">
            Initial password
          </label>
          <input
            id="new-password"
            name="password"
            type="password"
            autoComplete="new-password"
            maxLength={300}
            className={inputClass}
            aria-invalid={Boolean(errors?.password)}
          />
          <FieldError
            id="new-password-error"
            messages={
              errors?.password ?? [
                "At least 12 characters and not a common password. Share it with the person privately.",
              ]
            }
          />
        </div>
        {state ? (
          <Notice ok={state.ok}>
            {state.ok
              ? `Added ${state.data.email}.`
              : errors
                ? "Nothing was saved. Correct the fields marked above."
                : state.message}
          </Notice>
        ) : null}
        <SubmitButton pending={pending} pendingLabel="Adding…">
          Add user
        </SubmitButton>
      </form>
    </section>
  );
}
