"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { z } from "zod";
import { Notice } from "@/components/ui/notice";
import { callApi } from "./api";

const resultSchema = z.object({
  matched: z.number(),
  requeued: z.number(),
  alreadyProcessed: z.number(),
  rejected: z.number(),
});

/** Replays one delivery (ADMIN): put back on the queue unless it was processed already. */
export function ReplayOne({ deliveryId }: { deliveryId: string }) {
  const router = useRouter();
  const replay = useMutation({
    mutationFn: () =>
      callApi("/api/webhook-deliveries/replay", resultSchema, {
        method: "POST",
        body: { ids: [deliveryId] },
      }),
    onSuccess: () => {
      // The job runs in a moment; the page shows the new status after it.
      setTimeout(() => router.refresh(), 1_500);
    },
  });
  return (
    <div className="space-y-2">
      <button
        type="button"
        onClick={() => replay.mutate()}
        disabled={replay.isPending}
        className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60"
      >
        {replay.isPending ? "Replaying…" : "Replay this delivery"}
      </button>
      {replay.isSuccess ? (
        <Notice ok>
          {replay.data.requeued > 0
            ? "Queued to be processed again; its new status appears here in a moment."
            : replay.data.alreadyProcessed > 0
              ? "Already processed: its effect happened once and is not applied again."
              : "Rejected deliveries are never processed."}
        </Notice>
      ) : null}
      {replay.isError ? <Notice ok={false}>{replay.error.message}</Notice> : null}
    </div>
  );
}
