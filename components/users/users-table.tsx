"use client";

import { useState, useTransition } from "react";
import { updateUserAction } from "@/app/(console)/users/actions";
import { Notice } from "@/components/ui/notice";

interface Row {
  id: string;
  email: string;
  name: string;
  role: "ADMIN" | "SUPPORT" | "VIEWER";
  disabled: boolean;
  lastSignInAt: string | null;
}

export function UsersTable({ users, currentUserId }: { users: Row[]; currentUserId: string }) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  function update(user: Row, input: { role?: string; disabled?: boolean }) {
    startTransition(async () => {
      const result = await updateUserAction(user.id, input);
      setMessage(result.ok ? { ok: true, text: `Updated ${user.email}.` } : { ok: false, text: result.message });
    });
  }

  return (
    <section className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      {message ? (
        <Notice ok={message.ok} className="m-3">
          {message.text}
        </Notice>
      ) : null}
      <table className="w-full text-left text-sm" aria-busy={pending}>
        <thead className="border-b border-slate-200 text-xs uppercase text-slate-500 dark:border-slate-800">
          <tr>
            <th className="px-4 py-3">User</th>
            <th className="px-4 py-3">Role</th>
            <th className="px-4 py-3">Status</th>
            <th className="px-4 py-3">Last sign-in</th>
            <th className="px-4 py-3"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id} data-testid={`user-row-${user.email}`} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
              <td className="px-4 py-3">
                <div className="font-medium">{user.name}</div>
                <div className="text-slate-500">{user.email}</div>
              </td>
              <td className="px-4 py-3">
                <label className="sr-only" htmlFor={`role-${user.id}`}>Role of {user.email}</label>
                <select
                  id={`role-${user.id}`}
                  value={user.role}
                  disabled={pending || user.id === currentUserId}
                  onChange={(event) => update(user, { role: event.target.value })}
                  className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-950"
                >
                  <option value="ADMIN">Admin</option>
                  <option value="SUPPORT">Support</option>
                  <option value="VIEWER">Viewer</option>
                </select>
              </td>
              <td className="px-4 py-3">
                {user.disabled ? (
                  <span className="rounded bg-red-100 px-2 py-0.5 text-xs font-medium text-red-800 dark:bg-red-950 dark:text-red-200">Disabled</span>
                ) : (
                  <span className="rounded bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200">Active</span>
                )}
              </td>
              <td className="px-4 py-3 text-slate-500">{user.lastSignInAt ? new Date(user.lastSignInAt).toLocaleString() : "Never"}</td>
              <td className="px-4 py-3 text-right">
                {user.id === currentUserId ? (
                  <span className="text-xs text-slate-500">You</span>
                ) : (
                  <button
                    type="button"
                    disabled={pending}
                    onClick={() => update(user, { disabled: !user.disabled })}
                    className="rounded-md border border-slate-300 px-3 py-1 text-xs font-medium hover:bg-slate-100 disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800"
                  >
                    {user.disabled ? "Enable" : "Disable"}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
