"use client";

import { useState, useTransition } from "react";
import {
  clearSignInLimitsAction,
  endUserSessionsAction,
  updateUserAction,
} from "@/app/(console)/users/actions";
import { Notice } from "@/components/ui/notice";

interface Row {
  id: string;
  email: string;
  name: string;
  role: "ADMIN" | "SUPPORT" | "VIEWER";
  disabled: boolean;
  lastSignInAt: string | null;
  openSessions: number;
  signIn: { accountFailures: number; blockedAddresses: number; limited: boolean };
}

const buttonClass =
  "rounded-md border border-slate-300 px-3 py-1 text-xs font-medium whitespace-nowrap hover:bg-slate-100 disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800";

function SignInCounters({ counters }: { counters: Row["signIn"] }) {
  if (counters.accountFailures === 0 && counters.blockedAddresses === 0)
    return <span className="text-slate-500">None</span>;
  return (
    <span
      className={
        counters.limited || counters.blockedAddresses > 0
          ? "text-amber-700 dark:text-amber-300"
          : undefined
      }
    >
      {counters.accountFailures} failed
      {counters.blockedAddresses > 0
        ? `, ${counters.blockedAddresses} address${counters.blockedAddresses === 1 ? "" : "es"} blocked`
        : ""}
      {counters.limited ? ", new addresses refused" : ""}
    </span>
  );
}

export function UsersTable({ users, currentUserId }: { users: Row[]; currentUserId: string }) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  function run(
    user: Row,
    work: () => Promise<{ ok: true } | { ok: false; message: string }>,
    done: string,
  ) {
    startTransition(async () => {
      const result = await work();
      setMessage(
        result.ok
          ? { ok: true, text: `${done} ${user.email}.` }
          : { ok: false, text: result.message },
      );
    });
  }
  const update = (user: Row, input: { role?: string; disabled?: boolean }) =>
    run(user, () => updateUserAction(user.id, input), "Updated");

  return (
    <section className="min-w-0 overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      {message ? (
        <Notice ok={message.ok} className="m-3 break-words">
          {message.text}
        </Notice>
      ) : null}
      <table className="w-full text-left text-sm" aria-busy={pending}>
        <thead className="border-b border-slate-200 text-xs uppercase text-slate-500 dark:border-slate-800">
          <tr>
            <th className="px-4 py-3">User</th>
            <th className="px-4 py-3">Role</th>
            <th className="px-4 py-3">Status</th>
            <th className="px-4 py-3">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr
              key={user.id}
              data-testid={`user-row-${user.email}`}
              className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800"
            >
              <td className="max-w-[22rem] min-w-[12rem] px-4 py-3">
                <div className="font-medium break-words">{user.name}</div>
                <div className="break-all text-slate-500">{user.email}</div>
              </td>
              <td className="px-4 py-3">
                <label className="sr-only" htmlFor={`role-${user.id}`}>
                  Role of {user.email}
                </label>
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
                  <span className="rounded bg-red-100 px-2 py-0.5 text-xs font-medium text-red-800 dark:bg-red-950 dark:text-red-200">
                    Disabled
                  </span>
                ) : (
                  <span className="rounded bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200">
                    Active
                  </span>
                )}
                <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-2 gap-y-0.5 text-xs text-slate-500">
                  <dt>Last sign-in</dt>
                  <dd className="whitespace-nowrap">
                    {user.lastSignInAt ? new Date(user.lastSignInAt).toLocaleString() : "Never"}
                  </dd>
                  <dt>Sessions</dt>
                  <dd data-testid="open-sessions">{user.openSessions}</dd>
                  <dt>Failed sign-ins</dt>
                  <dd data-testid="sign-in-counters">
                    <SignInCounters counters={user.signIn} />
                  </dd>
                </dl>
              </td>
              <td className="px-4 py-3">
                <div className="flex flex-col items-end gap-2">
                  {user.id === currentUserId ? (
                    <span className="text-xs text-slate-500">You</span>
                  ) : (
                    <button
                      type="button"
                      disabled={pending}
                      onClick={() => update(user, { disabled: !user.disabled })}
                      className={buttonClass}
                    >
                      {user.disabled ? "Enable" : "Disable"}
                    </button>
                  )}
                  {user.id !== currentUserId && user.openSessions > 0 ? (
                    <button
                      type="button"
                      disabled={pending}
                      onClick={() =>
                        run(user, () => endUserSessionsAction(user.id), "Ended the sessions of")
                      }
                      className={buttonClass}
                    >
                      End sessions
                    </button>
                  ) : null}
                  {user.signIn.accountFailures > 0 || user.signIn.blockedAddresses > 0 ? (
                    <button
                      type="button"
                      disabled={pending}
                      onClick={() =>
                        run(
                          user,
                          () => clearSignInLimitsAction(user.id),
                          "Cleared sign-in limits of",
                        )
                      }
                      className={buttonClass}
                    >
                      Clear limits
                    </button>
                  ) : null}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
