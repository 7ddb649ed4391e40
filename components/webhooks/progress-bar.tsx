"use client";

import { useEffect, useRef } from "react";

/**
 * A replay's progress. The width is set through the DOM rather than a style attribute: the CSP
 * refuses inline style attributes in server-rendered HTML, and this bar is on the page at load.
 */
export function ReplayProgressBar({ done, total }: { done: number; total: number }) {
  const percent = total === 0 ? 100 : Math.min(100, Math.floor((done / total) * 100));
  const fill = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (fill.current) fill.current.style.width = `${percent}%`;
  }, [percent]);
  return (
    <div>
      <div
        role="progressbar"
        aria-label="Bulk replay progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}%`}
        className="h-3 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
      >
        <div
          ref={fill}
          className="h-full w-0 rounded-full bg-indigo-600 transition-[width] duration-500 dark:bg-indigo-400"
        />
      </div>
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
        {percent}% · {done.toLocaleString("en")} of {total.toLocaleString("en")}
      </p>
    </div>
  );
}
