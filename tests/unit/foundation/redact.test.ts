import { describe, expect, it } from "vitest";
import { redact, redactString, redactStringFully } from "@/lib/redact";

describe("redaction", () => {
  it.each(["4242 4242 4242 4242", "4000-0566-5566-5556", "5555555555554444", "378282246310005"])(
    "removes the card number %s",
    (card) => {
      expect(redactString(`paid with ${card} today`)).toBe("paid with [REDACTED_CARD] today");
    },
  );

  it.each(["1795913335542", "2026112900485512"])("keeps a long number that is not a card, like %s", (number) => {
    expect(redactString(`at ${number}`)).toBe(`at ${number}`);
  });

  it("scrubs provider secrets inside free text and masks emails when asked", () => {
    const text = "key sk_test_51abcDEF whsec_abc123 SG.aaaa.bbbb for jane.doe@example.com";
    const out = redactString(text, { maskEmails: true });
    expect(out).not.toMatch(/sk_test_51abcDEF|whsec_abc123|SG\.aaaa\.bbbb|jane\.doe@/);
    expect(out).toContain("j***@example.com");
  });

  it("replaces secret-named fields at any depth", () => {
    expect(redact({ a: { password: "hunter22", Authorization: "Bearer x", keep: "fine" } })).toEqual({
      a: { password: "[REDACTED]", Authorization: "[REDACTED]", keep: "fine" },
    });
  });
});

describe("redaction shortcut", () => {
  const fragments = [
    "sk_test_",
    "rk_live_",
    "pk_test_",
    "whsec_",
    "SG.",
    "Bearer ",
    "basic ",
    "4242",
    " ",
    "-",
    "4",
    "2",
    "0000",
    "authjs.session-token=",
    "password",
    "Passwd",
    "client_secret",
    "api_key",
    "apiKey",
    "token",
    "=",
    ":",
    '"',
    "@",
    "example.com",
    "jane.doe",
    "abc",
    "XyZ",
    ".",
    "_",
    "ch_3Nk",
    "eur",
    "succeeded",
  ];
  function randomText(): string {
    const length = 1 + Math.floor(Math.random() * 8);
    let text = "";
    for (let index = 0; index < length; index++)
      text += fragments[Math.floor(Math.random() * fragments.length)] ?? "";
    return text;
  }

  it("gives the same result as running every pattern, for random mixes of secret-like fragments", () => {
    for (let run = 0; run < 5_000; run++) {
      const text = randomText();
      for (const maskEmails of [false, true]) {
        expect(redactString(text, { maskEmails }), text).toBe(redactStringFully(text, { maskEmails }));
      }
    }
  });

  it("still scrubs each kind of secret", () => {
    const canaries = [
      "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
      "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      "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",
      "Bearer eyJhbGciOi",
      "4242424242424242",
      "authjs.session-token=abc.def",
      "password=hunter2",
    ];
    for (const canary of canaries) expect(redactString(`x ${canary} y`)).not.toContain(canary);
  });
});
