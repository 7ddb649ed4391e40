/**
 * Amounts are kept in the currency's minor units, as Stripe sends them. How many digits a minor
 * unit has is Stripe's rule, not always ISO 4217's: JPY and the other zero-decimal currencies
 * have none (so `amount / 100` is wrong for them), and a few have three.
 * https://docs.stripe.com/currencies#zero-decimal
 */
export const ZERO_DECIMAL_CURRENCIES = [
  "bif",
  "clp",
  "djf",
  "gnf",
  "jpy",
  "kmf",
  "krw",
  "mga",
  "pyg",
  "rwf",
  "ugx",
  "vnd",
  "vuv",
  "xaf",
  "xof",
  "xpf",
] as const;
export const THREE_DECIMAL_CURRENCIES = ["bhd", "jod", "kwd", "omr", "tnd"] as const;
const ZERO_DECIMAL = new Set<string>(ZERO_DECIMAL_CURRENCIES);
const THREE_DECIMAL = new Set<string>(THREE_DECIMAL_CURRENCIES);

/** Digits after the decimal point in the currency's minor unit. */
export function currencyExponent(currency: string): 0 | 2 | 3 {
  const code = currency.toLowerCase();
  if (ZERO_DECIMAL.has(code)) return 0;
  if (THREE_DECIMAL.has(code)) return 3;
  return 2;
}

/** Whether Intl knows the code; an unknown one would make NumberFormat throw. */
export function isKnownCurrency(currency: string): boolean {
  if (!/^[a-z]{3}$/i.test(currency)) return false;
  try {
    new Intl.NumberFormat("en", { style: "currency", currency });
    return Intl.supportedValuesOf("currency").includes(currency.toUpperCase());
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(currency: string, locale: string): Intl.NumberFormat {
  const key = `${locale}:${currency}`;
  let format = formatters.get(key);
  if (!format) {
    const digits = currencyExponent(currency);
    format = new Intl.NumberFormat(locale, {
      style: "currency",
      currency: currency.toUpperCase(),
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formatters.set(key, format);
  }
  return format;
}

/** `1050, "usd"` → "$10.50"; `1050, "jpy"` → "¥1,050". */
export function formatMoney(minor: number, currency: string, locale = "en-US"): string {
  if (!isKnownCurrency(currency)) return `${minor} ${currency.toUpperCase()} (minor units)`;
  return formatter(currency, locale).format(minor / 10 ** currencyExponent(currency));
}

/** The major-unit text a person types ("10.50") in minor units, or null if it is not a valid amount. */
export function parseMajorAmount(text: string, currency: string): number | null {
  const exponent = currencyExponent(currency);
  const trimmed = text.trim().replaceAll(",", "");
  const pattern = exponent === 0 ? /^\d{1,15}$/ : new RegExp(`^\\d{1,15}(\\.\\d{1,${exponent}})?$`);
  if (!pattern.test(trimmed)) return null;
  const [whole = "0", fraction = ""] = trimmed.split(".");
  const minor = Number(whole) * 10 ** exponent + Number(fraction.padEnd(exponent, "0") || "0");
  return Number.isSafeInteger(minor) ? minor : null;
}

/** Minor units as the major-unit text a person would type back ("10.50", "1050"). */
export function toMajorText(minor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  if (exponent === 0) return String(minor);
  const text = String(Math.abs(minor)).padStart(exponent + 1, "0");
  return `${minor < 0 ? "-" : ""}${text.slice(0, -exponent)}.${text.slice(-exponent)}`;
}
