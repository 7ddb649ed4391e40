"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { z } from "zod";
import { Notice } from "@/components/ui/notice";
import { formatTime } from "./format";

const resendAnswer = z.union([
  z.object({
    success: z.literal(true),
    data: z.object({ messageId: z.string(), replayed: z.boolean() }),
  }),
  z.object({ success: z.literal(false), error: z.object({ message: z.string() }) }),
]);

interface Props {
  messageId: string;
  recipient: string;
  /** The earlier failure, in plain words, if there was one. */
  failure: string | null;
  suppressions: { label: string; since: string; detail: string | null }[];
  sending: { available: boolean; reason: string | null; nextTrialAt: string | null };
  /** Told after a resend, for a page that shows the new message without a reload. */
  onResent?: () => void;
}

/**
 * Resend, for support staff. The earlier failure and any suppression come first; a suppressed
 * address needs an explicit confirmation; while SendGrid's circuit is open the button says why
 * it cannot be used and when the next trial call is. One idempotency key per click: a double
 * click, or the browser retrying the request, resends once.
 */
export function ResendPanel({
  messageId,
  recipient,
  failure,
  suppressions,
  sending,
  onResent,
}: Props) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [confirmed, setConfirmed] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string; id?: string } | null>(null);
  const suppressed = suppressions.length > 0;

  function resend() {
    setResult(null);
    startTransition(async () => {
      const response = await fetch(`/api/emails/${messageId}/resend`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ idempotencyKey: key, confirmSuppressed: confirmed }),
      });
      const answer = resendAnswer.safeParse(await response.json().catch(() => null));
      if (answer.success && answer.data.success) {
        setResult({ ok: true, text: "Resent as a new message.", id: answer.data.data.messageId });
        // The next click is a new resend.
        setKey(crypto.randomUUID());
        setConfirmed(false);
        router.refresh();
        onResent?.();
      } else {
        setResult({
          ok: false,
          text:
            answer.success && !answer.data.success
              ? answer.data.error.message
              : `The resend failed (HTTP ${response.status}).`,
        });
      }
    });
  }

  return (
    <section
      aria-labelledby="resend-heading"
      data-testid="resend-panel"
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id="resend-heading" className="font-semibold">
        Resend
      </h2>
      {failure ? (
        <p className="text-sm">
          <span className="font-medium">Earlier failure:</span> {failure}
        </p>
      ) : null}
      {suppressed ? (
        <div className="rounded-md bg-amber-50 p-3 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100">
          <p className="font-medium">This address is suppressed.</p>
          <ul className="mt-1 list-disc pl-5">
            {suppressions.map((item) => (
              <li key={`${item.label}-${item.since}`}>
                {item.label} since {formatTime(item.since)}
              </li>
            ))}
          </ul>
          <p className="mt-1">SendGrid will probably drop a new email to it.</p>
          <label className="mt-2 flex items-start gap-2">
            <input
              type="checkbox"
              checked={confirmed}
              onChange={(event) => setConfirmed(event.target.checked)}
              className="mt-1"
            />
            <span>
              I understand; resend to <span className="break-all">{recipient}</span> anyway.
            </span>
          </label>
        </div>
      ) : null}
      {sending.available ? null : (
        <p
          role="status"
          className="rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
        >
          Resend is unavailable. {sending.reason}
          {sending.nextTrialAt
            ? ` The next trial call is at ${formatTime(sending.nextTrialAt)}.`
            : ""}
        </p>
      )}
      <button
        type="button"
        onClick={resend}
        disabled={pending || !sending.available || (suppressed && !confirmed)}
        className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:cursor-not-allowed disabled:opacity-50"
      >
        {pending ? "Resending…" : "Resend this email"}
      </button>
      {result ? (
        <Notice ok={result.ok}>
          {result.text}{" "}
          {result.id ? (
            <Link href={`/emails/${result.id}`} className="underline">
              Open the new message
            </Link>
          ) : null}
        </Notice>
      ) : null}
    </section>
  );
}
