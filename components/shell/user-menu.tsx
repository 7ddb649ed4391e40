import Link from "next/link";
import { signOutAction, signOutEverywhereAction } from "@/app/login/actions";
import type { Actor } from "@/lib/auth/permissions";
import { ROLE_LABEL } from "@/lib/users/schemas";

export function UserMenu({ actor }: { actor: Actor }) {
  return (
    <details className="relative" data-testid="user-menu">
      <summary className="flex cursor-pointer list-none items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-slate-100 dark:hover:bg-slate-800">
        <span className="flex h-7 w-7 items-center justify-center rounded-full bg-indigo-600 text-xs font-bold text-white">
          {actor.email.slice(0, 1).toUpperCase()}
        </span>
        <span className="hidden max-w-[16rem] truncate sm:inline" title={actor.email}>
          {actor.email}
        </span>
        <span
          className="rounded bg-slate-200 px-1.5 py-0.5 text-xs font-medium dark:bg-slate-700"
          data-testid="user-role"
        >
          {ROLE_LABEL[actor.role]}
        </span>
      </summary>
      <div className="absolute right-0 z-20 mt-2 w-64 rounded-md border border-slate-200 bg-white p-2 shadow-lg dark:border-slate-700 dark:bg-slate-900">
        <p className="truncate px-2 py-1 text-xs text-slate-500" title={actor.email}>
          Signed in as {actor.email}
        </p>
        <Link
          href="/account"
          className="block w-full rounded px-2 py-1.5 text-left text-sm hover:bg-slate-100 dark:hover:bg-slate-800"
        >
          Your account and password
        </Link>
        <form action={signOutAction}>
          <button
            type="submit"
            className="w-full rounded px-2 py-1.5 text-left text-sm hover:bg-slate-100 dark:hover:bg-slate-800"
          >
            Sign out
          </button>
        </form>
        <form action={signOutEverywhereAction}>
          <button
            type="submit"
            className="w-full rounded px-2 py-1.5 text-left text-sm hover:bg-slate-100 dark:hover:bg-slate-800"
          >
            Sign out everywhere
          </button>
        </form>
      </div>
    </details>
  );
}
