import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageActor } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/password-policy";
import { getOwnAccount } from "@/lib/users/account";
import { ROLE_LABEL } from "@/lib/users/schemas";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const actor = await requirePageActor("/account", "console:read");
  const account = await getOwnAccount({ actor });
  const env = getEnv();
  const singleSignOn = env.AUTH_OIDC_ISSUER ? (env.AUTH_OIDC_NAME ?? "single sign-on") : null;
  return (
    <>
      <PageHeader
        title="Your account"
        description="Who you are signed in as, and your password. Changing the password signs you out everywhere, on this device too; sign in again with the new one."
      />
      <div className="grid max-w-4xl gap-8 lg:grid-cols-2">
        <section
          className="min-w-0 rounded-lg border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900"
          data-testid="account-summary"
        >
          <h2 className="font-semibold">Signed in as</h2>
          <dl className="mt-4 space-y-3 text-sm">
            <div>
              <dt className="text-slate-500 dark:text-slate-400">Name</dt>
              <dd className="break-words">{account.name}</dd>
            </div>
            <div>
              <dt className="text-slate-500 dark:text-slate-400">Email</dt>
              <dd className="break-all">{account.email}</dd>
            </div>
            <div>
              <dt className="text-slate-500 dark:text-slate-400">Role</dt>
              <dd>{ROLE_LABEL[account.role]}</dd>
            </div>
            <div>
              <dt className="text-slate-500 dark:text-slate-400">Last sign-in</dt>
              <dd>
                {account.lastSignInAt
                  ? account.lastSignInAt.toISOString().replace("T", " ").slice(0, 16) + " UTC"
                  : "Never with a password"}
              </dd>
            </div>
            <div>
              <dt className="text-slate-500 dark:text-slate-400">Open sessions</dt>
              <dd>
                {account.openSessions === 1
                  ? "1: this one"
                  : `${account.openSessions}, on this and other devices`}
              </dd>
            </div>
          </dl>
        </section>
        <ChangePasswordForm minLength={PASSWORD_MIN_LENGTH} singleSignOn={singleSignOn} />
      </div>
    </>
  );
}
