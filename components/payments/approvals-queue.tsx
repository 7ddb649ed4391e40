"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, useTransition } from "react";
import { z } from "zod";
import { decideRefundAction } from "@/app/(console)/approvals/actions";
import { Notice } from "@/components/ui/notice";
import { formatMoney } from "@/lib/payments/money";
import { getJson, refundSchema } from "./schemas";

const itemSchema = refundSchema.extend({
  customerEmail: z.string().nullable(),
  ownRequest: z.boolean(),
});
type Item = z.infer<typeof itemSchema>;

/** Refunds above the threshold, waiting for an admin who did not ask for them. */
export function ApprovalsQueue({ initial }: { initial: Item[] }) {
  const queryClient = useQueryClient();
  const { data = initial } = useQuery({
    queryKey: ["refund-approvals"],
    queryFn: () => getJson("/api/refunds/approvals", z.array(itemSchema)),
    initialData: initial,
    refetchInterval: 10_000,
  });
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  function decide(item: Item, decision: "approve" | "reject") {
    setMessage(null);
    startTransition(async () => {
      const result = await decideRefundAction(item.id, { decision });
      await queryClient.invalidateQueries({ queryKey: ["refund-approvals"] });
      await queryClient.invalidateQueries({ queryKey: ["payment", item.chargeId] });
      setMessage(
        result.ok
          ? {
              ok: result.data.refund.status !== "FAILED",
              text: `${formatMoney(item.amount, item.currency)} on ${item.chargeId}: ${result.data.message}`,
            }
          : { ok: false, text: result.message },
      );
    });
  }

  return (
    <section className="rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      {message ? (
        <Notice ok={message.ok} className="m-3">
          {message.text}
        </Notice>
      ) : null}
      {data.length === 0 ? (
        <p className="px-5 py-8 text-center text-sm text-slate-500" data-testid="approvals-empty">
          No refunds are waiting for approval.
        </p>
      ) : (
        <table
          className="w-full table-fixed text-left text-sm"
          aria-busy={pending}
          data-testid="approvals-table"
        >
          <thead className="border-b border-slate-200 text-xs uppercase text-slate-500 dark:border-slate-800">
            <tr>
              <th className="w-36 px-4 py-3 text-right">Amount</th>
              <th className="px-4 py-3">Payment</th>
              <th className="px-4 py-3">Requested</th>
              <th className="w-72 px-4 py-3">
                <span className="sr-only">Decision</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.map((item) => (
              <tr
                key={item.id}
                className="border-t border-slate-100 align-top dark:border-slate-800"
              >
                <td className="px-4 py-3 text-right font-medium tabular-nums">
                  {formatMoney(item.amount, item.currency)}
                </td>
                <td className="px-4 py-3">
                  <Link
                    href={`/transactions/${item.chargeId}`}
                    className="block truncate font-mono text-xs text-indigo-700 hover:underline dark:text-indigo-300"
                  >
                    {item.chargeId}
                  </Link>
                  <div
                    className="truncate text-xs text-slate-500"
                    title={item.customerEmail ?? undefined}
                  >
                    {item.customerEmail ?? "No email"}
                  </div>
                </td>
                <td className="px-4 py-3">
                  <div className="truncate" title={item.requestedByEmail ?? undefined}>
                    {item.requestedByEmail}
                  </div>
                  <div className="text-xs text-slate-500">
                    {new Date(item.createdAt).toLocaleString()}
                    {item.reason ? ` · ${item.reason.replaceAll("_", " ")}` : ""}
                    {item.ticket ? ` · ${item.ticket}` : ""}
                  </div>
                  {item.note ? (
                    <div className="break-words text-xs text-slate-500">{item.note}</div>
                  ) : null}
                </td>
                <td className="px-4 py-3">
                  {item.ownRequest ? (
                    <span className="text-xs text-slate-500">
                      Your own request: another admin must decide.
                    </span>
                  ) : (
                    <div className="flex gap-2">
                      <button
                        type="button"
                        disabled={pending}
                        onClick={() => decide(item, "approve")}
                        className="whitespace-nowrap rounded-md bg-indigo-600 px-3 py-1.5 text-xs font-medium text-white hover:bg-indigo-500 disabled:opacity-60"
                      >
                        Approve and send
                      </button>
                      <button
                        type="button"
                        disabled={pending}
                        onClick={() => decide(item, "reject")}
                        className="rounded-md border border-slate-300 px-3 py-1.5 text-xs font-medium hover:bg-slate-100 disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800"
                      >
                        Reject
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
