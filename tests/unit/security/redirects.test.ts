import { describe, expect, it } from "vitest";
import { safeCallbackPath, safeCallbackUrl } from "@/lib/http/safe-callback";

const origin = "https://console.example.com";

describe("the one post-sign-in redirect rule", () => {
  it.each([
    "/transactions",
    "/users?tab=2",
    "/emails#top",
    `${origin}/transactions`,
    "/a/b/c?x=%2Fy",
  ])("keeps the same-origin path %s", (value) => {
    const kept = safeCallbackPath(value, origin);
    expect(kept.startsWith("/")).toBe(true);
    expect(new URL(kept, origin).origin).toBe(origin);
    expect(kept).not.toBe("/");
  });

  // Every hostile form the probe and the issue list: each must land on "/".
  const hostile: [string, unknown][] = [
    ["tab after the slash", "/\t/evil.example/phish"],
    ["encoded tab", "/%09/evil.example/phish"],
    ["newline", "/\n/evil.example"],
    ["encoded newline", "/%0a/evil.example"],
    ["encoded carriage return", "/%0d/evil.example"],
    ["NUL", "/\u0000/evil.example"],
    ["DEL", "/\u007f/evil.example"],
    ["C1 control", "/\u0085/evil.example"],
    ["protocol-relative", "//evil.example/phish"],
    ["slash backslash", "/\\evil.example"],
    ["encoded backslash", "/%5Cevil.example"],
    ["backslash backslash", "\\\\evil.example"],
    ["leading space", " //evil.example"],
    ["https elsewhere", "https://evil.example/"],
    ["http downgrade of our host", "http://console.example.com/transactions"],
    ["our host on another port", "https://console.example.com:8443/"],
    ["javascript:", "javascript:alert(1)"],
    ["JavaScript: mixed case", "JaVaScRiPt:alert(1)"],
    ["data:", "data:text/html,<script>alert(1)</script>"],
    ["userinfo", `https://console.example.com@evil.example/`],
    ["userinfo on our origin", "https://user:pass@console.example.com/"],
    ["IDN look-alike", "https://cοnsole.example.com/"],
    ["punycode look-alike", "https://xn--cnsole-9ve.example.com/"],
    ["double-encoded slashes", "/%252F%252Fevil.example"],
    ["double-encoded tab", "/%2509/evil.example"],
    ["encoded protocol-relative", "%2F%2Fevil.example"],
    ["dot segments to a double slash", "/.//evil.example"],
    ["malformed escape", "/%E0%A4%A"],
    ["the login page", "/login"],
    ["an API", "/api/users"],
    ["not a string", 42],
    ["null", null],
    ["empty", ""],
    ["too long", `/${"a".repeat(3000)}`],
  ];
  it.each(hostile)("sends %s home", (_name, value) => {
    expect(safeCallbackPath(value, origin)).toBe("/");
  });

  it("gives Auth.js absolute URLs on the configured origin, and lets sign-out land on /login", () => {
    expect(safeCallbackUrl("//evil.example", origin)).toBe(`${origin}/`);
    expect(safeCallbackUrl("/login", origin)).toBe(`${origin}/login`);
    expect(safeCallbackUrl(`${origin}/users`, origin)).toBe(`${origin}/users`);
  });
});
