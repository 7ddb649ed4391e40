import { describe, expect, it } from "vitest";
import { isDecodableActionReply } from "@/lib/http/action-body";
import {
  findUnstorableText,
  isAllowedMethod,
  isJsonContentType,
  refuseUnstorableText,
} from "@/lib/http/input-rules";
import { applySecurityHeaders, contentSecurityPolicy, newNonce } from "@/lib/http/security-headers";
import { AppError } from "@/lib/errors";

describe("text the database cannot store", () => {
  it.each([
    [{ name: "a\u0000b" }, "name"],
    [{ nested: { list: ["ok", "bad\u0000"] } }, "nested.list.1"],
    [{ lone: "\uD800x" }, "lone"],
    [{ trailing: "x\uDC00" }, "trailing"],
    [{ "key\u0000": "value" }, "(key)"],
  ])("finds %o at %s", (value, path) => {
    expect(findUnstorableText(value)).toBe(path);
  });
  it("accepts ordinary and astral text", () => {
    expect(findUnstorableText({ name: "Zoë 😀 日本", list: [1, true, null] })).toBeNull();
  });
  it("becomes a 422 naming the field, the action's argument index stripped", () => {
    const error = (() => {
      try {
        refuseUnstorableText([{ reason: "x\u0000" }], { stripIndex: true });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: "VALIDATION_FAILED",
      fieldErrors: { reason: [expect.stringMatching(/cannot be stored/)] },
    });
  });
});

describe("content types and methods", () => {
  it.each(["application/json", "application/json; charset=utf-8", "application/merge-patch+json"])(
    "%s is JSON",
    (type) => {
      expect(isJsonContentType(type)).toBe(true);
    },
  );
  it.each([
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    null,
    "application/jsonp",
  ])("%s is not", (type) => {
    expect(isJsonContentType(type)).toBe(false);
  });
  it("allows the usual methods only", () => {
    expect(
      ["GET", "post", "PATCH", "DELETE", "HEAD", "OPTIONS", "PUT"].every(isAllowedMethod),
    ).toBe(true);
    expect(["TRACE", "CONNECT", "PROPFIND", "FOO"].some(isAllowedMethod)).toBe(false);
  });
});

describe("server-action bodies", () => {
  const form = (entries: Record<string, string>) => {
    const data = new FormData();
    for (const [key, value] of Object.entries(entries)) data.append(key, value);
    return data;
  };
  it.each([
    '["a",{"b":1}]',
    '["$D2026-01-01T00:00:00.000Z","$undefined","$$literal","$n12"]',
    "{}",
  ])("accepts what encodeReply makes: %s", (body) => {
    expect(isDecodableActionReply(body)).toBe(true);
  });
  it("accepts a FormData argument and outlined parts that exist", () => {
    expect(isDecodableActionReply(form({ "0": '[{},"$K1"]', _1_email: "a@b.c" }))).toBe(true);
    expect(isDecodableActionReply(form({ "0": '["$Q2"]', "2": '[["a",1]]' }))).toBe(true);
  });
  it.each(["{not json", "[", '["$Q1"]', '["$K1"]', '["$Zevil"]', "\u0000", ""])(
    "refuses %j",
    (body) => {
      expect(isDecodableActionReply(body)).toBe(false);
    },
  );
  it("refuses multipart without a root or with a dangling reference", () => {
    expect(isDecodableActionReply(form({ x: "1" }))).toBe(false);
    expect(isDecodableActionReply(form({ "0": '["$3"]' }))).toBe(false);
  });
});

describe("security headers", () => {
  it("has a fresh nonce each time and a CSP Next.js can stamp", () => {
    const nonces = new Set(Array.from({ length: 50 }, newNonce));
    expect(nonces.size).toBe(50);
    const csp = contentSecurityPolicy({ nonce: "abc", https: false });
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("upgrade-insecure-requests");
  });
  it("adds HSTS and upgrade-insecure-requests over HTTPS only", () => {
    const https = new Headers();
    applySecurityHeaders(https, {
      csp: contentSecurityPolicy({ nonce: "n", https: true }),
      https: true,
    });
    expect(https.get("strict-transport-security")).toMatch(/max-age=\d+/);
    expect(https.get("content-security-policy")).toContain("upgrade-insecure-requests");
    const http = new Headers();
    applySecurityHeaders(http, { csp: "x", https: false });
    expect(http.get("strict-transport-security")).toBeNull();
    expect(http.get("x-content-type-options")).toBe("nosniff");
    expect(http.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(http.get("permissions-policy")).toContain("camera=()");
  });
});
