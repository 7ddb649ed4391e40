/** Currencies the simulator accepts, with Stripe's minor-unit exponent (zero-decimal: none). */
const ZERO_DECIMAL = [
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
];
const THREE_DECIMAL = ["bhd", "jod", "kwd", "omr", "tnd"];
const TWO_DECIMAL = [
  "usd",
  "eur",
  "gbp",
  "cad",
  "aud",
  "chf",
  "sek",
  "nok",
  "dkk",
  "pln",
  "czk",
  "huf",
  "nzd",
  "sgd",
  "hkd",
  "mxn",
  "brl",
  "inr",
  "zar",
  "ils",
  "aed",
];

export const SUPPORTED_CURRENCIES = new Set([...ZERO_DECIMAL, ...THREE_DECIMAL, ...TWO_DECIMAL]);

export function exponentOf(currency: string): number {
  if (ZERO_DECIMAL.includes(currency)) return 0;
  if (THREE_DECIMAL.includes(currency)) return 3;
  return 2;
}

/** "$10.50", "¥1,050": as Stripe words amounts in its error messages. */
export function describeAmount(amount: number, currency: string): string {
  const exponent = exponentOf(currency);
  try {
    return new Intl.NumberFormat("en-US", {
      style: "currency",
      currency: currency.toUpperCase(),
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    }).format(amount / 10 ** exponent);
  } catch {
    return `${amount} ${currency}`;
  }
}
