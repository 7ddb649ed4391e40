import { describe, expect, it } from "vitest";
import { curlCommand, shellQuote } from "@/lib/api-calls/curl";
import { parseStatus } from "@/lib/api-calls/filters";

const base = {
  method: "post",
  baseUrl: "https://api.example.com/",
  path: "/v1/refunds",
  auth: { scheme: "bearer" } as const,
  idempotencyHeader: "Idempotency-Key",
  idempotencyKey: null,
  body: null,
};

describe("copy as curl", () => {
  it("marks the credential instead of carrying it, for every auth scheme", () => {
    expect(curlCommand(base)).toBe(
      `curl -X POST 'https://api.example.com/v1/refunds' \\\n  -H 'Authorization: Bearer [REDACTED]'`,
    );
    expect(curlCommand({ ...base, auth: { scheme: "basic" } })).toContain(
      "-u '[REDACTED]:[REDACTED]'",
    );
    expect(curlCommand({ ...base, auth: { scheme: "header", header: "X-Api-Key" } })).toContain(
      "-H 'X-Api-Key: [REDACTED]'",
    );
    expect(curlCommand({ ...base, auth: { scheme: "none" } })).not.toContain("REDACTED");
  });

  it("drops credentials from a base URL's user-info", () => {
    const command = curlCommand({ ...base, baseUrl: "https://user:hunter2@api.example.com" });
    expect(command).not.toContain("hunter2");
    expect(command).not.toContain("user:");
  });

  it("sends a flat string body as a form and anything else as JSON", () => {
    const form = curlCommand({ ...base, body: { charge: "ch_1", "metadata[why]": "dup" } });
    expect(form).toContain("--data-urlencode 'charge=ch_1'");
    expect(form).toContain("--data-urlencode 'metadata[why]=dup'");
    const json = curlCommand({ ...base, body: { amount: 5, to: [{ email: "a***@x.com" }] } });
    expect(json).toContain("-H 'Content-Type: application/json'");
    expect(json).toContain(`--data-raw '{"amount":5,"to":[{"email":"a***@x.com"}]}'`);
  });

  it("adds the idempotency key under the provider's header, when both are known", () => {
    expect(curlCommand({ ...base, idempotencyKey: "k-1" })).toContain("-H 'Idempotency-Key: k-1'");
    expect(curlCommand({ ...base, idempotencyKey: "k-1", idempotencyHeader: null })).not.toContain(
      "k-1",
    );
  });

  it("quotes for the shell so a stored value cannot run a command", () => {
    expect(shellQuote("it's $(rm -rf /)")).toBe(`'it'\\''s $(rm -rf /)'`);
    const command = curlCommand({ ...base, body: { note: "'; touch /tmp/pwned; '" } });
    expect(command).toContain(`--data-urlencode 'note='\\''; touch /tmp/pwned; '\\'''`);
  });

  it("names a missing base URL rather than inventing one", () => {
    expect(curlCommand({ ...base, baseUrl: null })).toContain(
      "https://PROVIDER_BASE_URL/v1/refunds",
    );
  });
});

describe("the status filter", () => {
  it("reads outcomes, codes and classes", () => {
    expect(parseStatus("timeout")).toEqual({ kind: "outcome", outcome: "TIMEOUT" });
    expect(parseStatus("429")).toEqual({ kind: "code", code: 429 });
    expect(parseStatus("5xx")).toEqual({ kind: "class", min: 500, max: 599 });
    for (const bad of ["", "600", "42", "xx", "6xx", "SUCCESS;", "2000"])
      expect(parseStatus(bad), bad).toBeNull();
  });
});
