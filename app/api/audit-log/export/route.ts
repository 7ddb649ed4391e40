import { exportAuditCsv } from "@/lib/audit/export";
import { authenticatedRoute } from "@/lib/http/route";

export const GET = authenticatedRoute({ permission: "audit:read" }, async ({ actor, input }) => {
  const rows = await exportAuditCsv({ actor, input });
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      for await (const chunk of rows) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  const stamp = new Date().toISOString().slice(0, 19).replaceAll(":", "-");
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="audit-log-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
});
