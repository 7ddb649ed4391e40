import { describe, expect, it } from "vitest";
import { emailMatchKey, prefixUpperBound } from "@/lib/customers/match-keys";
import {
  decodeTimelineCursor,
  encodeTimelineCursor,
  newestFirst,
  timelineQuerySchema,
} from "@/lib/customers/timeline-query";

describe("emailMatchKey", () => {
  it("case-folds and trims, and keeps the +tag unless folding is configured", () => {
    expect(emailMatchKey("  Ann+News@Example.COM ", false)).toBe("ann+news@example.com");
    expect(emailMatchKey("  Ann+News@Example.COM ", true)).toBe("ann@example.com");
  });

  it("folds only a tag in the local part", () => {
    expect(emailMatchKey("ann@ex+ample.com", true)).toBe("ann@ex+ample.com");
    expect(emailMatchKey("+only@example.com", true)).toBe("+only@example.com");
  });
});

describe("prefixUpperBound", () => {
  it("is the next string after every string with the prefix", () => {
    expect(prefixUpperBound("ann")).toBe("ano");
    const bound = prefixUpperBound("zoë");
    for (const name of ["zoë", "zoë smith", "zoë\u{10FFFF}"]) expect(name < bound).toBe(true);
    expect("zoé" < bound).toBe(true);
    expect("zoì" >= bound).toBe(true);
  });

  it("handles the empty prefix and the last code point", () => {
    expect(prefixUpperBound("")).toBe("\u{10FFFF}");
    expect(prefixUpperBound("a\u{10FFFF}")).toBe("a\u{10FFFF}\u{10FFFF}");
  });
});

describe("timeline query", () => {
  it("reads kinds from a comma list, and a day as the whole day", () => {
    const query = timelineQuerySchema.parse({
      kinds: "payment, email",
      from: "2026-01-01",
      to: "2026-01-31",
    });
    expect([...query.kinds]).toEqual(["payment", "email"]);
    expect(query.from?.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(query.to?.toISOString()).toBe("2026-02-01T00:00:00.000Z");
    expect(timelineQuerySchema.parse({}).kinds.size).toBe(7);
  });

  it("refuses unknown kinds, broken dates and an end before the start", () => {
    expect(timelineQuerySchema.safeParse({ kinds: "payment,bogus" }).success).toBe(false);
    expect(timelineQuerySchema.safeParse({ from: "yesterday" }).success).toBe(false);
    expect(timelineQuerySchema.safeParse({ from: "2026-02-01", to: "2026-01-01" }).success).toBe(
      false,
    );
  });

  it("orders newest first, then by key, and its cursor survives the URL", () => {
    const at = new Date("2026-03-01T10:00:00.000Z");
    const items = [
      { at, key: "email:a" },
      { at: new Date(at.getTime() + 1), key: "payment:b" },
      { at, key: "payment:a" },
    ];
    expect(items.sort(newestFirst).map((item) => item.key)).toEqual([
      "payment:b",
      "payment:a",
      "email:a",
    ]);
    const cursor = decodeTimelineCursor(encodeTimelineCursor({ at, key: "payment:a" }));
    expect(cursor).toEqual({ at, key: "payment:a" });
    expect(() => decodeTimelineCursor("garbage")).toThrow(/page link is broken/);
  });
});
