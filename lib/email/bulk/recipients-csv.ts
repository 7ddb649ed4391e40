import { AppError } from "@/lib/errors";
import { addressKey, recipientSchema } from "../addresses";
import { MAX_TEMPLATE_DATA_BYTES, type TemplateData } from "../template-data";
import { CsvSyntaxError, parseCsv } from "./csv-parse";

/** SendGrid takes at most this many personalizations per request. */
export const MAX_PER_REQUEST = 1_000;
export const MAX_RECIPIENTS = 100_000;
/** Below Next.js's 10 MB proxy buffer, so a body is never cut short before it is checked. */
export const MAX_CSV_BYTES = 8 * 1024 * 1024;
const MAX_COLUMNS = 50;
const MAX_FIELD = 1_000;
/** Row errors listed in a refusal; the rest are counted. */
export const MAX_LISTED_ERRORS = 200;

export interface CsvRecipient {
  line: number;
  to: string;
  data: TemplateData;
}

export interface RowError {
  line: number;
  message: string;
}

export interface RecipientList {
  /** The template data keys: every column but email. */
  columns: string[];
  recipients: CsvRecipient[];
  errors: RowError[];
}

function fileError(message: string): AppError {
  return new AppError("VALIDATION_FAILED", message, { fieldErrors: { file: [message] } });
}

/**
 * A recipient list: a header row with an `email` column, then one recipient per row. The other
 * columns are the template data of that row (as text). Each row is checked on its own: a bad
 * address, a duplicate, a wrong number of fields. Problems with the file as a whole (no email
 * column, too many rows, broken quoting) refuse it outright.
 */
export function parseRecipientCsv(text: string): RecipientList {
  const records = parseCsv(text);
  let header: string[] | undefined;
  const recipients: CsvRecipient[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  let emailColumn = -1;
  try {
    for (const record of records) {
      if (record.fields.every((field) => field.trim() === "")) continue;
      if (!header) {
        header = record.fields.map((field) => field.trim());
        emailColumn = header.findIndex((name) => name.toLowerCase() === "email");
        if (emailColumn === -1)
          throw fileError('The first row must name the columns, one of them "email".');
        if (header.length > MAX_COLUMNS)
          throw fileError(`A list has at most ${MAX_COLUMNS} columns.`);
        const names = new Set<string>();
        for (const name of header) {
          if (name === "") throw fileError("Every column needs a name in the first row.");
          if (names.has(name.toLowerCase())) throw fileError(`The column "${name}" appears twice.`);
          names.add(name.toLowerCase());
        }
        continue;
      }
      if (recipients.length + errors.length >= MAX_RECIPIENTS) {
        throw fileError(`A list has at most ${MAX_RECIPIENTS.toLocaleString("en")} recipients.`);
      }
      const { line, fields } = record;
      if (fields.length !== header.length) {
        errors.push({
          line,
          message: `Has ${fields.length} fields; the header has ${header.length}.`,
        });
        continue;
      }
      const raw = fields[emailColumn] ?? "";
      const address = recipientSchema.safeParse(raw);
      if (!address.success) {
        errors.push({
          line,
          message: `${address.error.issues[0]?.message ?? "Invalid address."} (${JSON.stringify(raw.slice(0, 80))})`,
        });
        continue;
      }
      const key = addressKey(address.data);
      const first = seen.get(key);
      if (first !== undefined) {
        errors.push({ line, message: `${address.data} is already on row ${first}.` });
        continue;
      }
      const data: TemplateData = {};
      let tooLong: string | null = null;
      header.forEach((name, column) => {
        if (column === emailColumn) return;
        const value = fields[column] ?? "";
        if (value.length > MAX_FIELD) tooLong = name;
        data[name] = value;
      });
      if (tooLong !== null) {
        errors.push({
          line,
          message: `The value of "${tooLong}" is longer than ${MAX_FIELD} characters.`,
        });
        continue;
      }
      if (Buffer.byteLength(JSON.stringify(data)) > MAX_TEMPLATE_DATA_BYTES) {
        errors.push({ line, message: "The row's template data is larger than 16 KiB." });
        continue;
      }
      seen.set(key, line);
      recipients.push({ line, to: address.data, data });
    }
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw fileError(`Row ${error.line}: ${error.message}.`);
    throw error;
  }
  if (!header) throw fileError("The file is empty.");
  if (recipients.length === 0 && errors.length === 0)
    throw fileError("The file has no recipients.");
  return { columns: header.filter((_, column) => column !== emailColumn), recipients, errors };
}

/** Recipients in SendGrid-sized requests, in file order. */
export function toRequests<T>(recipients: readonly T[]): T[][] {
  const requests: T[][] = [];
  for (let start = 0; start < recipients.length; start += MAX_PER_REQUEST) {
    requests.push(recipients.slice(start, start + MAX_PER_REQUEST));
  }
  return requests;
}
