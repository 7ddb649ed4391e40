/**
 * One CSV field (RFC 4180). A value a spreadsheet would run as a formula (=, +, -, @, tab or
 * carriage return first) gets a leading apostrophe: recipients and error texts come from outside.
 */
export function csvField(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: (string | number | Date | null | undefined)[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}
