import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="max-w-md text-center">
        <p className="text-sm font-semibold text-red-600">403</p>
        <h1 className="mt-2 text-2xl font-semibold">You do not have access to this page</h1>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
          Your role does not include it. If you need it, ask an admin to change your role. This
          attempt was recorded in the audit log.
        </p>
        <Link
          href="/"
          className="mt-6 inline-block text-sm font-medium text-indigo-600 hover:underline"
        >
          Back to the console
        </Link>
      </div>
    </main>
  );
}
