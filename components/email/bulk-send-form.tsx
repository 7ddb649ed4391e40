"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { z } from "zod";
import { Notice } from "@/components/ui/notice";

const MAX_BYTES = 8 * 1024 * 1024;

const failure = z.object({
  success: z.literal(false),
  error: z.object({
    message: z.string(),
    fieldErrors: z.record(z.string(), z.array(z.string())).optional(),
  }),
});
const previewAnswer = z.object({
  success: z.literal(true),
  data: z.object({
    recipients: z.number(),
    requests: z.number(),
    columns: z.array(z.string()),
    errors: z.array(z.object({ line: z.number(), message: z.string() })),
    errorCount: z.number(),
    suppressed: z.array(z.string()),
    suppressedCount: z.number(),
  }),
});
const startAnswer = z.object({ success: z.literal(true), data: z.object({ id: z.string() }) });

type Preview = z.infer<typeof previewAnswer>["data"];

async function problemOf(response: Response, json: unknown): Promise<string> {
  const parsed = failure.safeParse(json);
  if (!parsed.success) return `The upload failed (HTTP ${response.status}).`;
  const rows = Object.entries(parsed.data.error.fieldErrors ?? {})
    .filter(([key]) => key === "file")
    .flatMap(([, messages]) => messages);
  return rows[0] ?? parsed.data.error.message;
}

/**
 * Starts a bulk send: a template and a CSV of recipients. The list is checked first (every row on
 * its own, nothing written); rows with errors are shown, and the send starts only when the admin
 * asks, leaving those rows out. One idempotency key per file chosen: a double click starts one send.
 */
export function BulkSendForm({
  templates,
  templatesError,
}: {
  templates: { id: string; name: string }[];
  templatesError: string | null;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [templateId, setTemplateId] = useState(templates[0]?.id ?? "");
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [key, setKey] = useState(() => crypto.randomUUID());

  function check(next: { name: string; text: string }, template: string) {
    setPreview(null);
    setProblem(null);
    startTransition(async () => {
      const query = new URLSearchParams({ templateId: template, fileName: next.name });
      const response = await fetch(`/api/bulk-sends/preview?${query}`, {
        method: "POST",
        headers: { "content-type": "text/csv" },
        body: next.text,
      });
      const json: unknown = await response.json().catch(() => null);
      const parsed = previewAnswer.safeParse(json);
      if (parsed.success) setPreview(parsed.data.data);
      else setProblem(await problemOf(response, json));
    });
  }

  async function choose(input: HTMLInputElement) {
    const chosen = input.files?.[0];
    setKey(crypto.randomUUID());
    if (!chosen) return;
    if (chosen.size > MAX_BYTES) {
      setFile(null);
      setPreview(null);
      setProblem("The file is larger than 8 MiB. Split the list into smaller files.");
      return;
    }
    const next = { name: chosen.name, text: await chosen.text() };
    setFile(next);
    check(next, templateId);
  }

  function start() {
    if (!file || !preview) return;
    startTransition(async () => {
      const query = new URLSearchParams({
        templateId,
        fileName: file.name,
        idempotencyKey: key,
        skipInvalidRows: String(preview.errorCount > 0),
      });
      const response = await fetch(`/api/bulk-sends?${query}`, {
        method: "POST",
        headers: { "content-type": "text/csv" },
        body: file.text,
      });
      const json: unknown = await response.json().catch(() => null);
      const parsed = startAnswer.safeParse(json);
      if (parsed.success) router.push(`/bulk-sends/${parsed.data.data.id}`);
      else setProblem(await problemOf(response, json));
    });
  }

  return (
    <section
      aria-labelledby="new-bulk-send"
      data-testid="bulk-send-form"
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id="new-bulk-send" className="font-semibold">
        New bulk send
      </h2>
      {templatesError ? <Notice ok={false}>{templatesError}</Notice> : null}
      <div className="text-sm">
        <label htmlFor="bulk-template" className="block font-medium">
          Template
        </label>
        <select
          id="bulk-template"
          value={templateId}
          onChange={(event) => {
            setTemplateId(event.target.value);
            if (file) check(file, event.target.value);
          }}
          className="mt-1 block w-full truncate rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950"
        >
          {templates.map((template) => (
            <option key={template.id} value={template.id}>
              {template.name}
            </option>
          ))}
        </select>
      </div>
      <div className="text-sm">
        <label htmlFor="bulk-recipients" className="block font-medium">
          Recipient list (CSV)
        </label>
        <p id="bulk-recipients-hint" className="text-xs text-slate-500">
          A header row with an “email” column; every other column is passed to the template as data.
          At most 100,000 rows and 8 MiB.
        </p>
        <input
          id="bulk-recipients"
          type="file"
          accept=".csv,text/csv"
          aria-describedby="bulk-recipients-hint"
          onChange={(event) => void choose(event.currentTarget)}
          className="mt-2 block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-1.5 dark:file:bg-slate-800 dark:file:text-slate-100"
        />
      </div>
      {pending && !preview ? (
        <p role="status" className="text-sm text-slate-500">
          Checking the list…
        </p>
      ) : null}
      {problem ? <Notice ok={false}>{problem}</Notice> : null}
      {preview ? (
        <div className="space-y-3 text-sm" data-testid="bulk-preview">
          <p>
            <strong>{preview.recipients.toLocaleString("en")}</strong> recipients in{" "}
            {preview.requests} request{preview.requests === 1 ? "" : "s"} to SendGrid
            {preview.columns.length > 0 ? <> · data columns: {preview.columns.join(", ")}</> : null}
          </p>
          {preview.errorCount > 0 ? (
            <div
              role="alert"
              className="rounded-md bg-red-50 p-3 text-red-900 dark:bg-red-950 dark:text-red-100"
            >
              <p className="font-medium">
                {preview.errorCount} row{preview.errorCount === 1 ? " has" : "s have"} errors and
                will be left out:
              </p>
              <table className="mt-2 w-full table-fixed text-left text-xs" data-testid="row-errors">
                <colgroup>
                  <col className="w-16" />
                  <col />
                </colgroup>
                <tbody>
                  {preview.errors.map((error) => (
                    <tr key={error.line}>
                      <td className="py-0.5 align-top">Row {error.line}</td>
                      <td className="break-words py-0.5">{error.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {preview.errorCount > preview.errors.length ? (
                <p className="mt-1 text-xs">
                  …and {preview.errorCount - preview.errors.length} more.
                </p>
              ) : null}
            </div>
          ) : null}
          {preview.suppressedCount > 0 ? (
            <p className="rounded-md bg-amber-50 p-3 text-amber-950 dark:bg-amber-950 dark:text-amber-100">
              {preview.suppressedCount} address{preview.suppressedCount === 1 ? " is" : "es are"}{" "}
              suppressed (bounced, reported spam or unsubscribed); SendGrid will probably drop{" "}
              {preview.suppressedCount === 1 ? "it" : "them"}:{" "}
              <span className="break-all">{preview.suppressed.slice(0, 5).join(", ")}</span>
              {preview.suppressedCount > 5 ? "…" : ""}
            </p>
          ) : null}
          <button
            type="button"
            onClick={start}
            disabled={pending || preview.recipients === 0}
            className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50"
          >
            {preview.errorCount > 0
              ? `Send to ${preview.recipients.toLocaleString("en")} valid recipients`
              : `Send to ${preview.recipients.toLocaleString("en")} recipients`}
          </button>
        </div>
      ) : null}
    </section>
  );
}
