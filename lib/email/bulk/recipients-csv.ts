import { AppError } from "@/lib/errors";
import { addressKey, addressProblem } from "../addresses";
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

export interface RecipientScan {
  /** The template data keys: every column but email. */
  columns: string[];
  /** Rows that can be sent. */
  count: number;
  /** Rows that cannot, each with its reason (the first MAX_LISTED_ERRORS of them). */
  errors: RowError[];
  errorCount: number;
}

function fileError(message: string): AppError {
  return new AppError("VALIDATION_FAILED", message, { fieldErrors: { file: [message] } });
}

function readHeader(fields: string[]): { header: string[]; emailColumn: number } {
  const header = fields.map((field) => field.trim());
  const emailColumn = header.findIndex((name) => name.toLowerCase() === "email");
  if (emailColumn === -1)
    throw fileError('The first row must name the columns, one of them "email".');
  if (header.length > MAX_COLUMNS) throw fileError(`A list has at most ${MAX_COLUMNS} columns.`);
  const names = new Set<string>();
  for (const name of header) {
    if (name === "") throw fileError("Every column needs a name in the first row.");
    if (names.has(name.toLowerCase())) throw fileError(`The column "${name}" appears twice.`);
    names.add(name.toLowerCase());
  }
  return { header, emailColumn };
}

/**
 * Reads a recipient list: a header row with an `email` column, then one recipient per row; the
 * other columns are that row's template data (as text). Each row is checked on its own (a bad
 * address, a duplicate, a wrong number of fields); each valid one is yielded in file order and
 * each bad one noted in `scan`, so that a caller can check a whole list before writing anything,
 * and then write it without ever holding it all. Problems with the file as a whole (no email
 * column, too many rows, broken quoting) refuse it outright.
 */
export function* readRecipients(
  text: string,
  scan: RecipientScan,
  options: { withData?: boolean } = {},
): Generator<CsvRecipient> {
  const withData = options.withData ?? true;
  let header: string[] | undefined;
  let emailColumn = -1;
  const seen = new Map<string, number>();
  const reject = (line: number, message: string) => {
    scan.errorCount += 1;
    if (scan.errors.length < MAX_LISTED_ERRORS) scan.errors.push({ line, message });
  };
  try {
    for (const { line, fields } of parseCsv(text)) {
      if (fields.every((field) => field.trim() === "")) continue;
      if (!header) {
        ({ header, emailColumn } = readHeader(fields));
        scan.columns = header.filter((_, column) => column !== emailColumn);
        continue;
      }
      if (scan.count + scan.errorCount >= MAX_RECIPIENTS) {
        throw fileError(`A list has at most ${MAX_RECIPIENTS.toLocaleString("en")} recipients.`);
      }
      if (fields.length !== header.length) {
        reject(line, `Has ${fields.length} fields; the header has ${header.length}.`);
        continue;
      }
      const to = (fields[emailColumn] ?? "").trim();
      const problem = addressProblem(to);
      if (problem) {
        reject(line, `${problem} (${JSON.stringify(to.slice(0, 80))})`);
        continue;
      }
      const key = addressKey(to);
      const first = seen.get(key);
      if (first !== undefined) {
        reject(line, `${to} is already on row ${first}.`);
        continue;
      }
      // A check that only counts rows builds no data objects.
      const data: TemplateData = {};
      let tooLong: string | null = null;
      let size = 2;
      for (let column = 0; column < header.length; column += 1) {
        if (column === emailColumn) continue;
        const name = header[column] ?? "";
        const value = fields[column] ?? "";
        if (value.length > MAX_FIELD) tooLong = name;
        if (withData) data[name] = value;
        size += name.length + value.length + 6;
      }
      if (tooLong !== null) {
        reject(line, `The value of "${tooLong}" is longer than ${MAX_FIELD} characters.`);
        continue;
      }
      // Exact only when it could matter: the estimate counts every character once.
      if (
        size > MAX_TEMPLATE_DATA_BYTES / 4 &&
        exactSize(header, emailColumn, fields) > MAX_TEMPLATE_DATA_BYTES
      ) {
        reject(line, "The row's template data is larger than 16 KiB.");
        continue;
      }
      seen.set(key, line);
      scan.count += 1;
      yield { line, to, data };
    }
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw fileError(`Row ${error.line}: ${error.message}.`);
    throw error;
  }
  if (!header) throw fileError("The file is empty.");
  if (scan.count === 0 && scan.errorCount === 0) throw fileError("The file has no recipients.");
}

function exactSize(header: string[], emailColumn: number, fields: string[]): number {
  const data: TemplateData = {};
  header.forEach((name, column) => {
    if (column !== emailColumn) data[name] = fields[column] ?? "";
  });
  return Buffer.byteLength(JSON.stringify(data));
}

export function emptyScan(): RecipientScan {
  return { columns: [], count: 0, errors: [], errorCount: 0 };
}

/** Checks a whole list, handing each valid recipient to `visit` (its data only if asked for). */
export function scanRecipientCsv(
  text: string,
  visit?: (recipient: CsvRecipient) => void,
  options: { withData?: boolean } = { withData: false },
): RecipientScan {
  const scan = emptyScan();
  for (const recipient of readRecipients(text, scan, options)) visit?.(recipient);
  return scan;
}

/** The whole list in memory, for small lists and tests. */
export function parseRecipientCsv(text: string): RecipientScan & { recipients: CsvRecipient[] } {
  const recipients: CsvRecipient[] = [];
  const scan = scanRecipientCsv(text, (recipient) => recipients.push(recipient), {
    withData: true,
  });
  return { ...scan, recipients };
}

/** Recipients in SendGrid-sized requests, in file order. */
export function toRequests<T>(recipients: readonly T[]): T[][] {
  const requests: T[][] = [];
  for (let start = 0; start < recipients.length; start += MAX_PER_REQUEST) {
    requests.push(recipients.slice(start, start + MAX_PER_REQUEST));
  }
  return requests;
}

/** How many requests a list of `count` recipients takes. */
export function requestsFor(count: number): number {
  return Math.ceil(count / MAX_PER_REQUEST);
}
