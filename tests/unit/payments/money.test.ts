import { describe, expect, it } from "vitest";
import { currencyExponent, formatMoney, parseMajorAmount, toMajorText } from "@/lib/payments/money";

describe("money in minor units", () => {
  it("formats each currency with its real exponent", () => {
    expect(formatMoney(1050, "usd")).toBe("$10.50");
    expect(formatMoney(0, "usd")).toBe("$0.00");
    expect(formatMoney(12_800, "jpy")).toBe("¥12,800");
    expect(formatMoney(1, "jpy")).toBe("¥1");
    expect(formatMoney(1_234, "kwd").replace(/\s/u, " ")).toBe("KWD 1.234");
    expect(formatMoney(8_990, "eur")).toBe("€89.90");
    expect(currencyExponent("JPY")).toBe(0);
    expect(currencyExponent("krw")).toBe(0);
  });

  it("never divides a zero-decimal amount by 100", () => {
    expect(formatMoney(500, "jpy")).not.toContain("5.00");
  });

  it("shows an unknown currency without guessing its exponent", () => {
    expect(formatMoney(100, "zzz")).toBe("100 ZZZ (minor units)");
  });

  it("reads what a person types into minor units, and back", () => {
    expect(parseMajorAmount("10.5", "usd")).toBe(1050);
    expect(parseMajorAmount("1,050", "jpy")).toBe(1050);
    expect(parseMajorAmount("10.5", "jpy")).toBeNull();
    expect(parseMajorAmount("10.505", "usd")).toBeNull();
    expect(parseMajorAmount("-1", "usd")).toBeNull();
    expect(parseMajorAmount("NaN", "usd")).toBeNull();
    expect(parseMajorAmount("1.234", "kwd")).toBe(1234);
    expect(toMajorText(1050, "usd")).toBe("10.50");
    expect(toMajorText(5, "usd")).toBe("0.05");
    expect(toMajorText(1050, "jpy")).toBe("1050");
  });
});
