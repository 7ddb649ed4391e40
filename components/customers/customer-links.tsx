"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { z } from "zod";
import { formatTime } from "@/components/email/format";
import { FieldError, inputClass } from "@/components/ui/form";
import { callApi } from "@/components/webhooks/api";
import type { CustomerDetail } from "@/lib/customers/views";
import { LINK_KIND_LABEL } from "./link-label";

type Link = CustomerDetail["links"][number];

const splitAnswer = z.object({ customerId: z.string(), newCustomerId: z.string() });

/** Why each identifier belongs to this customer; an admin can split a wrong one off. */
export function CustomerLinks({
  customerId,
  links,
  canSplit,
}: {
  customerId: string;
  links: Link[];
  canSplit: boolean;
}) {
  const [splitting, setSplitting] = useState<Link | null>(null);
  return (
    <section
      aria-labelledby="links-heading"
      className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id="links-heading" className="font-semibold">
        Why these records are one customer
      </h2>
      <ul
        className="mt-2 divide-y divide-slate-100 dark:divide-slate-800"
        data-testid="customer-links"
      >
        {links.map((link) => (
          <li
            key={`${link.kind}:${link.value}`}
            data-kind={link.kind}
            className="flex flex-wrap items-start gap-x-4 gap-y-1 py-2"
          >
            <div className="min-w-0 flex-1">
              <p className="text-sm">
                <span className="text-slate-500">{LINK_KIND_LABEL[link.kind]}</span>{" "}
                <span className="break-all font-mono">{link.value}</span>
                {link.pinned ? (
                  <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs dark:bg-slate-800">
                    split by an admin
                  </span>
                ) : null}
              </p>
              <p className="break-words text-xs text-slate-600 dark:text-slate-400">
                {link.explanation}{" "}
                <span className="text-slate-400">({formatTime(link.createdAt)})</span>
              </p>
            </div>
            {canSplit && links.length > 1 ? (
              <button
                type="button"
                onClick={() => setSplitting(link)}
                className="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800"
              >
                Split off…
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {splitting ? (
        <SplitDialog customerId={customerId} link={splitting} onClose={() => setSplitting(null)} />
      ) : null}
    </section>
  );
}

function SplitDialog({
  customerId,
  link,
  onClose,
}: {
  customerId: string;
  link: Link;
  onClose: () => void;
}) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit() {
    setError(null);
    startTransition(async () => {
      try {
        const result = await callApi(`/api/customers/${customerId}/split`, splitAnswer, {
          method: "POST",
          body: { kind: link.kind, value: link.value, reason },
        });
        onClose();
        router.push(`/customers/${result.newCustomerId}`);
      } catch (problem) {
        setError(problem instanceof Error ? problem.message : "The split failed.");
      }
    });
  }

  return (
    <dialog
      ref={(node) => {
        dialog.current = node;
        if (node && !node.open) node.showModal();
      }}
      onClose={onClose}
      aria-labelledby="split-heading"
      className="w-full max-w-lg rounded-lg border border-slate-200 bg-white p-5 text-slate-900 backdrop:bg-slate-900/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <h2 id="split-heading" className="text-lg font-semibold">
        Split off {LINK_KIND_LABEL[link.kind].toLowerCase()}
      </h2>
      <p className="mt-2 break-all font-mono text-sm">{link.value}</p>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">
        It becomes a customer of its own, with what it brings (
        {link.kind === "EMAIL" ? "the emails to this address" : "this identifier’s payments"}).
        Matching never joins it back. The split is recorded in the audit log with your reason.
      </p>
      <label htmlFor="split-reason" className="mt-3 block text-sm font-medium">
        Why is this match wrong?
      </label>
      <textarea
        id="split-reason"
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        maxLength={500}
        rows={3}
        className={inputClass}
      />
      <FieldError id="split-reason-error" messages={error ? [error] : undefined} />
      <div className="mt-4 flex justify-end gap-2">
        <button
          type="button"
          onClick={() => dialog.current?.close()}
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700"
        >
          Cancel
        </button>
        <button
          type="button"
          onClick={submit}
          disabled={pending || reason.trim().length < 3}
          className="rounded-md bg-red-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-500 disabled:opacity-50"
        >
          {pending ? "Splitting…" : "Split off"}
        </button>
      </div>
    </dialog>
  );
}
