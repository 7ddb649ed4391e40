import { previewBulkSend } from "@/lib/email/bulk/create-bulk-send";
import { MAX_CSV_BYTES } from "@/lib/email/bulk/recipients-csv";
import { csvUploadRoute } from "@/lib/email/http/csv-upload-route";

/** Checks a recipient list (the body) against a template (the query) without writing anything. */
export const POST = csvUploadRoute(
  { permission: "emails:send", maxBytes: MAX_CSV_BYTES },
  ({ actor, csv, input }) => previewBulkSend({ actor, csv, input }),
);
