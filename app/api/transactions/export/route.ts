import { authenticatedRoute } from "@/lib/http/route";
import { exportTransactionsCsv } from "@/lib/payments/queries";

export const GET = authenticatedRoute({ permission: "console:read" }, async ({ actor, input }) => {
  const stream = await exportTransactionsCsv({ actor, input });
  const stamp = new Date().toISOString().slice(0, 19).replaceAll(":", "-");
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="transactions-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
});
