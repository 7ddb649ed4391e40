/** The outcome of an action: a polite status when it worked, an alert when it did not. */
export function Notice({
  ok,
  children,
  className = "",
}: {
  ok: boolean;
  children: React.ReactNode;
  className?: string;
}) {
  return (
    <p
      role={ok ? "status" : "alert"}
      className={`rounded-md p-3 text-sm ${
        ok
          ? "bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100"
          : "bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-200"
      } ${className}`}
    >
      {children}
    </p>
  );
}
