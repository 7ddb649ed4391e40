"use client";

import { useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { ResendPanel } from "@/components/email/resend-panel";
import { callApi } from "@/components/webhooks/api";

/** What the resend panel needs from the email's own API, parsed rather than trusted. */
const messageForResend = z.object({
  message: z.object({
    id: z.string(),
    recipient: z.string(),
    lastError: z.string().nullable(),
    failureReason: z.string().nullable(),
    failureExplanation: z.string().nullable(),
  }),
  suppressions: z.array(
    z.object({ label: z.string(), since: z.string(), detail: z.string().nullable() }),
  ),
  sending: z.object({
    available: z.boolean(),
    reason: z.string().nullable(),
    nextTrialAt: z.string().nullable(),
  }),
});

/** The Emails page's resend panel, in place on the timeline: the same guarded service. */
export function QuickResend({ messageId, onResent }: { messageId: string; onResent: () => void }) {
  const { data, error, isPending } = useQuery({
    queryKey: ["email", messageId, "resend"],
    queryFn: () => callApi(`/api/emails/${messageId}`, messageForResend),
  });
  if (isPending) return <p className="text-sm text-slate-500">Loading the email…</p>;
  if (error || !data) {
    return (
      <p role="alert" className="text-sm text-red-700 dark:text-red-300">
        {error instanceof Error ? error.message : "The email could not be loaded."}
      </p>
    );
  }
  const { message } = data;
  return (
    <ResendPanel
      messageId={message.id}
      recipient={message.recipient}
      failure={message.failureExplanation ?? message.failureReason ?? message.lastError}
      suppressions={data.suppressions}
      sending={data.sending}
      onResent={onResent}
    />
  );
}
