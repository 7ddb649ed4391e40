import { beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { clientAddress, requestScheme } from "@/lib/http/client-address";
import { expectedOrigin, originProblem } from "@/lib/http/origin";
import { markPeerAddressHeaderInstalledForTests, PEER_HEADER } from "@/lib/http/peer-address";

const request = (peer: string, entries: Record<string, string> = {}) =>
  new Headers({ [PEER_HEADER]: peer, ...entries });

beforeAll(() => markPeerAddressHeaderInstalledForTests());

describe("the client address", () => {
  it("is the socket address when no proxy is trusted, whatever X-Forwarded-For says", () => {
    const env = parseEnv({});
    expect(
      clientAddress(request("::ffff:198.51.100.7", { "x-forwarded-for": "203.0.113.9" }), env),
    ).toBe("198.51.100.7");
  });

  it("walks X-Forwarded-For back through trusted proxies only (CIDR list)", () => {
    const env = parseEnv({ TRUSTED_PROXIES: "10.0.0.0/8, 127.0.0.1" });
    expect(
      clientAddress(request("10.1.2.3", { "x-forwarded-for": "203.0.113.9, 10.9.9.9" }), env),
    ).toBe("203.0.113.9");
    // The first untrusted hop is the client: an address the client wrote further left is ignored.
    expect(
      clientAddress(request("10.1.2.3", { "x-forwarded-for": "1.1.1.1, 203.0.113.9" }), env),
    ).toBe("203.0.113.9");
    expect(clientAddress(request("198.51.100.7", { "x-forwarded-for": "203.0.113.9" }), env)).toBe(
      "198.51.100.7",
    );
  });

  it("trusts exactly the configured number of hops", () => {
    const env = parseEnv({ TRUSTED_PROXIES: "1" });
    expect(
      clientAddress(request("10.1.2.3", { "x-forwarded-for": "1.1.1.1, 203.0.113.9" }), env),
    ).toBe("203.0.113.9");
  });

  it("refuses a malformed TRUSTED_PROXIES at start-up", () => {
    expect(() => parseEnv({ TRUSTED_PROXIES: "10.0.0.0/99" })).toThrow(/TRUSTED_PROXIES/);
    expect(() => parseEnv({ TRUSTED_PROXIES: "everyone" })).toThrow(/TRUSTED_PROXIES/);
  });

  it("believes X-Forwarded-Proto only from a trusted proxy", () => {
    const trusted = parseEnv({ TRUSTED_PROXIES: "loopback" });
    expect(requestScheme(request("127.0.0.1", { "x-forwarded-proto": "https" }), trusted)).toBe(
      "https",
    );
    expect(requestScheme(request("198.51.100.7", { "x-forwarded-proto": "https" }), trusted)).toBe(
      "http",
    );
  });
});

describe("the Origin rule", () => {
  const env = parseEnv({ APP_URL: "https://console.example.com/some/path" });
  it("expects APP_URL's origin, scheme included", () => {
    expect(
      originProblem(request("198.51.100.7", { origin: "https://console.example.com" }), env),
    ).toBeNull();
    expect(
      originProblem(request("198.51.100.7", { origin: "http://console.example.com" }), env),
    ).toMatch(/another site/);
  });
  it.each([
    [{}, /missing/],
    [{ origin: "null" }, /another site|malformed/],
    [{ origin: "https://evil.example", "x-forwarded-host": "evil.example" }, /another site/],
    [{ origin: "not a url" }, /malformed/],
  ])("refuses %o", (entries, message) => {
    expect(originProblem(request("198.51.100.7", entries), env)).toMatch(message);
  });
  it("uses forwarded scheme and host only from a trusted proxy when APP_URL is unset", () => {
    const proxied = parseEnv({ TRUSTED_PROXIES: "10.0.0.0/8", PORT: "3000" });
    const forwarded = { "x-forwarded-host": "console.example.com", "x-forwarded-proto": "https" };
    expect(expectedOrigin(request("10.0.0.5", forwarded), proxied)).toBe(
      "https://console.example.com",
    );
    expect(expectedOrigin(request("198.51.100.7", forwarded), proxied)).toBe(
      "http://localhost:3000",
    );
  });
});
