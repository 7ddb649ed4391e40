import { describe, expect, it } from "vitest";
import { can } from "@/lib/auth/permissions";
import { safeCallbackPath } from "@/lib/http/safe-callback";
import { originProblem } from "@/lib/http/same-origin";
import { AppError, toErrorBody } from "@/lib/errors";

describe("sign-in redirect targets", () => {
  it.each(["/transactions", "/users?x=1"])("keeps the same-site path %s", (path) => {
    expect(safeCallbackPath(path)).toBe(path);
  });
  it.each(["https://evil.example/", "//evil.example", "/\\evil.example", "/login", "/api/users", 42, null, "/".repeat(3000)])(
    "sends %s home instead",
    (value) => {
      expect(safeCallbackPath(value)).toBe("/");
    },
  );
});

describe("same-origin rule for writes", () => {
  const headers = (entries: Record<string, string>) => new Headers(entries);
  it("accepts a request from the page's own origin", () => {
    expect(originProblem(headers({ origin: "http://localhost:3000", host: "localhost:3000" }))).toBeNull();
  });
  it.each([
    [{ host: "localhost:3000" }, /missing/],
    [{ origin: "https://evil.example", host: "localhost:3000" }, /another site/],
    [{ origin: "null", host: "localhost:3000" }, /malformed|another site/],
  ])("refuses %o", (entries, message) => {
    expect(originProblem(headers(entries))).toMatch(message);
  });
});

describe("roles", () => {
  it("lets each role do exactly its share", () => {
    expect(can("ADMIN", "users:manage")).toBe(true);
    expect(can("SUPPORT", "users:manage")).toBe(false);
    expect(can("SUPPORT", "payments:refund")).toBe(true);
    expect(can("VIEWER", "payments:refund")).toBe(false);
    expect(can("VIEWER", "console:read")).toBe(true);
    expect(can("VIEWER", "audit:read")).toBe(false);
  });
});

describe("errors at the HTTP boundary", () => {
  it("maps an AppError to its status with only the safe message", () => {
    const { status, body } = toErrorBody(new AppError("CONFLICT", "Already exists.", { cause: new Error("secret detail") }));
    expect(status).toBe(409);
    expect(JSON.stringify(body)).not.toContain("secret detail");
    expect(body).toEqual({ success: false, error: { code: "CONFLICT", message: "Already exists." } });
  });
  it("hides anything unexpected behind a generic 500", () => {
    const { status, body } = toErrorBody(new Error("connection string postgres://user:pw@host"));
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toContain("postgres://");
  });
});
