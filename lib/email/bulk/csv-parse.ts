/**
 * RFC 4180 CSV: fields separated by commas, optionally in double quotes (a quote inside is
 * doubled), records ended by CRLF or LF. Yields each record with the line it starts on, so that
 * errors can name the row a person sees in their spreadsheet.
 */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = "CsvSyntaxError";
  }
}

export function* parseCsv(text: string): Generator<CsvRecord> {
  // A UTF-8 byte-order mark (as Excel writes) is not part of the first header.
  let index = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (index < text.length) {
    const start = line;
    const fields: string[] = [];
    let field = "";
    for (;;) {
      if (text[index] === '"') {
        index += 1;
        for (;;) {
          if (index >= text.length)
            throw new CsvSyntaxError(start, "a quoted field is never closed");
          const char = text[index];
          if (char === '"') {
            if (text[index + 1] === '"') {
              field += '"';
              index += 2;
              continue;
            }
            index += 1;
            break;
          }
          if (char === "\n") line += 1;
          field += char;
          index += 1;
        }
        const next = text[index];
        if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") {
          throw new CsvSyntaxError(line, "text follows a closing quote");
        }
      } else {
        while (index < text.length && !",\r\n".includes(text[index] ?? "")) {
          field += text[index];
          index += 1;
        }
      }
      fields.push(field);
      field = "";
      const char = text[index];
      if (char === ",") {
        index += 1;
        continue;
      }
      if (char === "\r") index += 1;
      if (text[index] === "\n") index += 1;
      line += 1;
      break;
    }
    yield { line: start, fields };
  }
}
