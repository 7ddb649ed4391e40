import { flattenDetails, type DetailField } from "@/lib/audit/details";

/** Fields shown at once; the rest open on request, so one huge entry cannot fill the screen. */
const SHOWN = 8;

function Fields({ fields }: { fields: DetailField[] }) {
  return (
    <dl className="grid grid-cols-[minmax(0,auto)_minmax(0,1fr)] gap-x-2 gap-y-0.5 text-xs">
      {fields.map((field) => (
        <div key={field.key} className="contents">
          <dt className="max-w-48 break-all font-mono text-slate-500">{field.key}</dt>
          <dd className="min-w-0 whitespace-pre-wrap break-words [overflow-wrap:anywhere] text-slate-800 dark:text-slate-200">
            {field.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** An entry's details as readable "key: value" lines; long values wrap inside the column. */
export function DetailFields({ details }: { details: unknown }) {
  const fields = flattenDetails(details);
  if (fields.length === 0) return <span className="text-slate-400">none</span>;
  if (fields.length <= SHOWN + 1) return <Fields fields={fields} />;
  return (
    <>
      <Fields fields={fields.slice(0, SHOWN)} />
      <details className="mt-1">
        <summary className="cursor-pointer text-xs text-indigo-700 hover:underline dark:text-indigo-300">
          Show {fields.length - SHOWN} more fields
        </summary>
        <div className="mt-1">
          <Fields fields={fields.slice(SHOWN)} />
        </div>
      </details>
    </>
  );
}
