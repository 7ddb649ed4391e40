import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { SimulatorBanner } from "@/components/shell/simulator-banner";
import { Notice } from "@/components/ui/notice";
import { getActor } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { safeCallbackPath } from "@/lib/http/safe-callback";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  if (await getActor()) redirect(callbackUrl);
  const env = getEnv();
  return (
    <div className="flex min-h-screen flex-col">
      <SimulatorBanner />
      <main className="flex flex-1 items-center justify-center p-6">
        <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <h1 className="text-xl font-semibold">Integrations Console</h1>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            Sign in to refund payments, resend emails and watch integration health.
          </p>
          {params.notice === "password-changed" ? (
            <Notice ok className="mt-4">
              Your password was changed and every session ended. Sign in with the new password.
            </Notice>
          ) : null}
          <LoginForm
            callbackUrl={callbackUrl}
            oidcName={env.AUTH_OIDC_ISSUER ? (env.AUTH_OIDC_NAME ?? "Single sign-on") : null}
          />
        </div>
      </main>
    </div>
  );
}
