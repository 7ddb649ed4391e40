import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it, vi } from "vitest";

const getToken = vi.hoisted(() => vi.fn(async (): Promise<unknown> => null));
const recordFoldedAudit = vi.hoisted(() => vi.fn(async () => undefined));
vi.mock("next-auth/jwt", () => ({ getToken }));
vi.mock("@/lib/audit/audit", () => ({ recordFoldedAudit, recordAudit: vi.fn() }));

const { default: proxy } = await import("@/proxy");

const garbageCookie = "authjs.session-token=not-a-jwt; __Secure-authjs.session-token=%00%ff";

function request(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  return new NextRequest(new URL(path, "http://localhost:3000"), {
    method: init.method ?? "GET",
    headers: { cookie: garbageCookie, ...init.headers },
    body: init.body,
  });
}

beforeEach(() => {
  getToken.mockClear();
  recordFoldedAudit.mockClear();
});

describe("the proxy and webhooks", () => {
  it.each([
    [
      "a cross-site text/plain POST",
      {
        method: "POST",
        headers: { origin: "https://evil.example", "content-type": "text/plain" },
        body: "{}",
      },
    ],
    [
      "a POST with no Origin and a form body",
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "a=b",
      },
    ],
    ["a GET", {}],
  ])(
    "lets %s to /api/webhooks/anything through without session work, Origin or content-type checks",
    async (_name, init) => {
      const response = await proxy(request("/api/webhooks/anything", init));
      expect(getToken).not.toHaveBeenCalled();
      expect(recordFoldedAudit).not.toHaveBeenCalled();
      // NextResponse.next() marks the response as "continue to the route".
      expect(response.headers.get("x-middleware-next")).toBe("1");
      expect(response.status).toBe(200);
    },
  );

  it("does decode the session for other APIs, and refuses them without one", async () => {
    const response = await proxy(request("/api/integrations"));
    expect(getToken).toHaveBeenCalled();
    expect(response.status).toBe(401);
    expect(recordFoldedAudit).toHaveBeenCalledTimes(1);
  });

  it("refuses a cross-site write anywhere else before any session work", async () => {
    const response = await proxy(
      request("/api/users", {
        method: "POST",
        headers: { origin: "https://evil.example", "content-type": "application/json" },
        body: "{}",
      }),
    );
    expect(response.status).toBe(403);
    expect(getToken).not.toHaveBeenCalled();
  });

  it("answers 405 to methods nobody serves, webhooks included", async () => {
    const response = await proxy(request("/api/webhooks/stripe", { method: "PROPFIND" }));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toContain("POST");
  });

  it("sets a per-request CSP nonce on the request Next.js renders and on the response", async () => {
    getToken.mockResolvedValueOnce({ email: "a@b.c" });
    const response = await proxy(request("/users"));
    const csp = response.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(response.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
    expect(response.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
  });
});
