import { describe, expect, it } from "vitest";
import { normalizeAddress } from "@/lib/audit/address";
import {
  flattenDetails,
  MAX_ARRAY_ITEMS,
  MAX_DETAIL_FIELDS,
  MAX_DETAIL_VALUE,
} from "@/lib/audit/details";

describe("audit details as readable fields", () => {
  it("flattens nested objects with dotted keys and arrays by position, shallow fields first", () => {
    expect(
      flattenDetails({
        reason: "role",
        request: { path: "/api/users", headers: { origin: "https://evil.example" } },
        roles: ["ADMIN", "SUPPORT"],
        count: 3,
        ok: false,
        none: null,
        empty: {},
      }),
    ).toEqual([
      { key: "reason", value: "role" },
      { key: "count", value: "3" },
      { key: "ok", value: "false" },
      { key: "none", value: "null" },
      { key: "empty", value: "{}" },
      { key: "request.path", value: "/api/users" },
      { key: "roles.0", value: "ADMIN" },
      { key: "roles.1", value: "SUPPORT" },
      { key: "request.headers.origin", value: "https://evil.example" },
    ]);
  });

  it("shows the first items of a long array and counts the rest, so other fields stay visible", () => {
    const fields = flattenDetails({
      list: Array.from({ length: 100 }, (_, index) => ({ id: index })),
      request: { path: "/x" },
    });
    expect(fields.map((field) => field.key)).toEqual([
      "list",
      "request.path",
      "list.0.id",
      "list.1.id",
      "list.2.id",
      "list.3.id",
      "list.4.id",
    ]);
    expect(fields[0]?.value).toBe(`…and ${100 - MAX_ARRAY_ITEMS} more items`);
  });

  it("shows nothing for empty details", () => {
    expect(flattenDetails({})).toEqual([]);
    expect(flattenDetails(null)).toEqual([]);
  });

  it("bounds a huge object: long values cut, the field count capped with a note", () => {
    const huge = Object.fromEntries(
      Array.from({ length: 500 }, (_, index) => [`k${index}`, "v".repeat(5_000)]),
    );
    const fields = flattenDetails(huge);
    expect(fields).toHaveLength(MAX_DETAIL_FIELDS + 1);
    expect(fields[0]?.value.length).toBe(MAX_DETAIL_VALUE + 1);
    expect(fields.at(-1)).toEqual({ key: "…", value: "460 more fields not shown" });
  });

  it("stops descending into a deeply nested object", () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let level = 0; level < 50; level++) deep = { d: deep };
    const fields = flattenDetails(deep);
    expect(fields).toHaveLength(1);
    expect(fields[0]?.key.split(".").length).toBe(8);
  });
});

describe("address normalisation", () => {
  it("shows IPv4-mapped IPv6 addresses as IPv4, unbracketed and lower case", () => {
    expect(normalizeAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(normalizeAddress("::FFFF:10.0.0.1")).toBe("10.0.0.1");
    expect(normalizeAddress("[2001:DB8::1]")).toBe("2001:db8::1");
    expect(normalizeAddress(" 192.0.2.1 ")).toBe("192.0.2.1");
    expect(normalizeAddress("::1")).toBe("::1");
    expect(normalizeAddress("")).toBeNull();
    expect(normalizeAddress(null)).toBeNull();
  });
});
