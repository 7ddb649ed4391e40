"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { z } from "zod";
import { formatTime } from "@/components/email/format";
import { Notice } from "@/components/ui/notice";
import { callApi } from "./api";

const foundSchema = z.object({
  examined: z.number(),
  more: z.boolean(),
  missing: z.array(z.object({ eventId: z.string(), type: z.string(), createdAt: z.string() })),
});
const recoveredSchema = z.object({ examined: z.number(), stored: z.number() });

/**
 * Missed events (ADMIN): asks Stripe's events list for events it sent that the inbox never
 * received, lists them, and ingests them through the inbox, where they are processed once.
 */
export function MissedEvents() {
  const router = useRouter();
  const check = useMutation({
    mutationFn: () => callApi("/api/transactions/missed-events", foundSchema),
  });
  const recover = useMutation({
    mutationFn: () =>
      callApi("/api/transactions/missed-events", recoveredSchema, { method: "POST", body: {} }),
    onSuccess: () => {
      check.reset();
      router.refresh();
    },
  });
  const found = check.data;
  return (
    <section
      aria-label="Missed events"
      className="mb-6 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 max-w-3xl">
          <h2 className="font-semibold">Missed Stripe events</h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            Compares Stripe&apos;s list of recent events with the inbox, newest first, down to the
            first page the inbox has entirely. Nothing is stored until you ingest them.
          </p>
        </div>
        <button
          type="button"
          onClick={() => check.mutate()}
          disabled={check.isPending}
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          {check.isPending ? "Asking Stripe…" : "Check Stripe for missed events"}
        </button>
      </div>
      {check.isError ? (
        <Notice ok={false} className="mt-3">
          {check.error.message}
        </Notice>
      ) : null}
      {recover.isSuccess ? (
        <Notice ok className="mt-3">
          {recover.data.stored.toLocaleString("en")} missed event
          {recover.data.stored === 1 ? "" : "s"} ingested; they are being processed now.
        </Notice>
      ) : null}
      {recover.isError ? (
        <Notice ok={false} className="mt-3">
          {recover.error.message}
        </Notice>
      ) : null}
      {found ? (
        found.missing.length === 0 ? (
          <Notice ok className="mt-3">
            None missed: the inbox has every one of the {found.examined.toLocaleString("en")} events
            Stripe listed.
          </Notice>
        ) : (
          <div className="mt-3" data-testid="missed-events">
            <p className="text-sm">
              {found.missing.length.toLocaleString("en")}
              {found.more ? "+" : ""} events Stripe sent were never received (of{" "}
              {found.examined.toLocaleString("en")} examined).
            </p>
            <ul className="mt-2 max-h-48 overflow-y-auto text-xs">
              {found.missing.map((event) => (
                <li key={event.eventId} className="flex gap-3 py-0.5">
                  <span className="whitespace-nowrap text-slate-500">
                    {formatTime(event.createdAt)}
                  </span>
                  <span className="min-w-0 break-all font-medium">{event.type}</span>
                  <span className="min-w-0 truncate font-mono text-slate-500">{event.eventId}</span>
                </li>
              ))}
            </ul>
            <button
              type="button"
              onClick={() => recover.mutate()}
              disabled={recover.isPending}
              className="mt-3 rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60"
            >
              {recover.isPending ? "Ingesting…" : "Ingest them through the inbox"}
            </button>
          </div>
        )
      ) : null}
    </section>
  );
}
