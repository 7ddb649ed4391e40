"use client";

import { useState } from "react";

/** Copies a text to the clipboard and says so; says how to copy by hand if the browser refuses. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        onClick={() => {
          navigator.clipboard.writeText(text).then(
            () => setState("copied"),
            () => setState("failed"),
          );
        }}
        className="rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
      >
        {label}
      </button>
      <span role="status" className="text-xs text-slate-500">
        {state === "copied"
          ? "Copied. Put your own key in place of [REDACTED] before running it."
          : state === "failed"
            ? "The browser refused the clipboard; select the command and copy it."
            : ""}
      </span>
    </span>
  );
}
