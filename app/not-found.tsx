import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="max-w-md text-center">
        <p className="text-sm font-semibold text-slate-500">404</p>
        <h1 className="mt-2 text-2xl font-semibold">Page not found</h1>
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
