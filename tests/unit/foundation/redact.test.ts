import { describe, expect, it } from "vitest";
import { redact, redactString } from "@/lib/redact";

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
