import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { BulkProgress } from "@/components/email/bulk-progress";
import { formatTime } from "@/components/email/format";
import { requirePageActor } from "@/lib/auth/session";
import { getBulkSend } from "@/lib/email/bulk/queries";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Bulk send" };

export default async function BulkSendPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePageActor(`/bulk-sends/${id}`, "emails:send");
  const send = await getBulkSend({ actor, id }).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  return (
    <div className="space-y-6">
      <div>
        <Link
          href="/bulk-sends"
          className="text-sm text-indigo-700 hover:underline dark:text-indigo-300"
        >
          ← Bulk sends
        </Link>
        <h1 className="mt-2 break-words text-2xl font-semibold">{send.templateName}</h1>
        <p className="mt-1 break-all text-sm text-slate-600 dark:text-slate-400">
          {send.fileName} · {send.recipients.toLocaleString("en")} recipients in {send.requests}{" "}
          request
          {send.requests === 1 ? "" : "s"} · started {formatTime(send.createdAt)}
          {send.createdByEmail ? ` by ${send.createdByEmail}` : ""}
        </p>
      </div>
      <BulkProgress initial={send} />
    </div>
  );
}
