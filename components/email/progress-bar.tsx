/** How far a bulk send has got: settled (sent or failed) out of all its recipients. */
export function ProgressBar({
  done,
  total,
  label,
}: {
  done: number;
  total: number;
  label: string;
}) {
  const percent = total === 0 ? 0 : Math.floor((done / total) * 100);
  return (
    <div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}%`}
        data-testid="bulk-progress"
        className="h-3 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
      >
        {/* A native bar, not a width style: the CSP refuses style attributes. */}
        <progress
          aria-hidden="true"
          value={percent}
          max={100}
          className="block h-full w-full appearance-none [&::-moz-progress-bar]:bg-indigo-600 [&::-webkit-progress-bar]:bg-transparent [&::-webkit-progress-value]:rounded-full [&::-webkit-progress-value]:bg-indigo-600 dark:[&::-moz-progress-bar]:bg-indigo-400 dark:[&::-webkit-progress-value]:bg-indigo-400"
        />
      </div>
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
        {percent}% · {done.toLocaleString("en")} of {total.toLocaleString("en")}
      </p>
    </div>
  );
}
