import { clientIp } from "@/lib/auth/client-ip";
import { startBulkSend } from "@/lib/email/bulk/create-bulk-send";
import { listBulkSends } from "@/lib/email/bulk/queries";
import { MAX_CSV_BYTES } from "@/lib/email/bulk/recipients-csv";
import { csvUploadRoute } from "@/lib/email/http/csv-upload-route";
import { authenticatedRoute } from "@/lib/http/route";

export const GET = authenticatedRoute({ permission: "emails:send" }, ({ actor, input }) =>
  listBulkSends({ actor, input }),
);

/** The CSV is the body; template, file name, idempotency key and skipInvalidRows the query. */
export const POST = csvUploadRoute(
  { permission: "emails:send", maxBytes: MAX_CSV_BYTES },
  ({ actor, csv, input, request }) =>
    startBulkSend({ actor, csv, input, ip: clientIp(request.headers) }),
);
