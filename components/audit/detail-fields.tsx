import { flattenDetails } from "@/lib/audit/details";

/** An entry's details as readable "key: value" lines; long values wrap inside the column. */
export function DetailFields({ details }: { details: unknown }) {
  const fields = flattenDetails(details);
  if (fields.length === 0) return <span className="text-slate-400">none</span>;
  return (
    <dl className="grid grid-cols-[minmax(0,auto)_minmax(0,1fr)] gap-x-2 gap-y-0.5 text-xs">
      {fields.map((field) => (
        <div key={field.key} className="contents">
          <dt className="max-w-40 break-all font-mono text-slate-500">{field.key}</dt>
          <dd className="min-w-0 whitespace-pre-wrap break-words [overflow-wrap:anywhere] text-slate-800 dark:text-slate-200">
            {field.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
