import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { parseCsv } from "@/lib/email/bulk/csv-parse";
import { parseRecipientCsv, toRequests } from "@/lib/email/bulk/recipients-csv";
import { csvField } from "@/lib/email/queries/csv";
import { hashTemplateData } from "@/lib/email/template-data";
import { randomEmail } from "../../support/factories";

function fileError(text: string): string | undefined {
  try {
    parseRecipientCsv(text);
  } catch (error) {
    if (error instanceof AppError) return error.fieldErrors?.file?.[0];
    throw error;
  }
  return undefined;
}

describe("recipient CSV", () => {
  it("reads quoted fields, CRLF and a byte-order mark", () => {
    const rows = [...parseCsv('\uFEFFemail,name\r\n"a@b.co","Smith, ""Jo"""\r\nc@d.co,x\n')];
    expect(rows.map((row) => row.fields)).toEqual([
      ["email", "name"],
      ["a@b.co", 'Smith, "Jo"'],
      ["c@d.co", "x"],
    ]);
  });

  it("checks each row on its own and names the line", () => {
    const good = randomEmail();
    const list = parseRecipientCsv(
      [
        "Email,first_name,plan",
        `${good},Ada,gold`,
        "bob@,Bob,silver",
        `${good.toUpperCase()},Again,x`,
        "c@d.co,only-two",
      ].join("\n"),
    );
    expect(list.columns).toEqual(["first_name", "plan"]);
    expect(list.recipients).toEqual([
      { line: 2, to: good, data: { first_name: "Ada", plan: "gold" } },
    ]);
    expect(list.errors.map((error) => error.line)).toEqual([3, 4, 5]);
    expect(list.errors[0]?.message).toContain("not a valid email address");
    expect(list.errors[1]?.message).toBe(`${good.toUpperCase()} is already on row 2.`);
    expect(list.errors[2]?.message).toBe("Has 2 fields; the header has 3.");
  });

  it("refuses files it cannot read as a list", () => {
    expect(fileError("")).toBe("The file is empty.");
    expect(fileError("name\nAda")).toContain('"email"');
    expect(fileError("email,email\na@b.co,c@d.co")).toContain("appears twice");
    expect(fileError('email\n"a@b.co')).toContain("never closed");
    expect(fileError("email\n")).toBe("The file has no recipients.");
  });

  it("puts at most 1,000 recipients in a request", () => {
    expect(
      toRequests(Array.from({ length: 1_001 }, (_, i) => i)).map((chunk) => chunk.length),
    ).toEqual([1_000, 1]);
    expect(toRequests(Array.from({ length: 10_000 }, (_, i) => i))).toHaveLength(10);
  });

  it("quotes CSV output and disarms spreadsheet formulas", () => {
    expect(csvField('a "b", c')).toBe('"a ""b"", c"');
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField(null)).toBe("");
  });
});

describe("template data hash", () => {
  it("is the SHA-256 of the keys-sorted JSON, whatever the key order or nesting", () => {
    const sorted = (value: unknown) =>
      createHash("sha256").update(JSON.stringify(value)).digest("hex");
    expect(hashTemplateData({ b: "2", a: "1" })).toBe(sorted({ a: "1", b: "2" }));
    expect(hashTemplateData({ b: { y: 1, x: [2, { d: 1, c: 0 }] }, a: null })).toBe(
      sorted({ a: null, b: { x: [2, { c: 0, d: 1 }], y: 1 } }),
    );
    expect(hashTemplateData({ a: 'quote " and \\ slash' })).toBe(
      sorted({ a: 'quote " and \\ slash' }),
    );
    expect(hashTemplateData({ ü: [], "\u{1F600}": {}, Z: 1e21, a: -0, "10": true, "9": 0.5 })).toBe(
      sorted({ "10": true, "9": 0.5, Z: 1e21, a: -0, ü: [], "\u{1F600}": {} }),
    );
  });
});
