/** An honest placeholder: says what the page will hold, never shows invented data. */
export function ComingSoon({ items }: { items: string[] }) {
  return (
    <section className="rounded-lg border border-dashed border-slate-300 bg-white p-6 dark:border-slate-700 dark:bg-slate-900">
      <p className="text-sm font-medium">Not built yet. This page will show:</p>
      <ul className="mt-3 list-disc space-y-1 pl-5 text-sm text-slate-600 dark:text-slate-400">
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </section>
  );
}
