/**
 * Secret scrubbing shared by the logger, the API-call log and error messages.
 * Keys are matched case-insensitively anywhere in a nested object; values are also scanned
 * for secret-shaped strings, because secrets leak through free text (error messages, URLs).
 */
const SECRET_KEYS =
  /^(authorization|proxy-authorization|cookie|set-cookie|password|passwordhash|newpassword|secret|client_secret|api[-_]?key|apikey|token|access_token|refresh_token|id_token|stripe-signature|x-twilio-email-event-webhook-signature|card|number|cvc|cvv|exp_month|exp_year|iban|account_number|.*secret.*|.*password.*|.*token.*)$/i;

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

const SECRET_PATTERNS: [RegExp, string | ((match: string) => string)][] = [
  [/\b(sk|rk|pk)_(test|live)_[A-Za-z0-9]+/g, "$1_$2_[REDACTED]"],
  [/\bwhsec_[A-Za-z0-9+/=]+/g, "whsec_[REDACTED]"],
  [/\bSG\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g, "SG.[REDACTED]"],
  [/\bBearer\s+[A-Za-z0-9._~+/=-]+/gi, "Bearer [REDACTED]"],
  [/\bBasic\s+[A-Za-z0-9+/=]+/gi, "Basic [REDACTED]"],
  // Card numbers: 13–19 digits, optionally grouped by spaces or dashes, passing the Luhn check
  // (which spares most timestamps and ids that merely have as many digits).
  [
    /\b(?:\d[ -]?){12,18}\d\b/g,
    (match) => (passesLuhn(match.replace(/\D/g, "")) ? "[REDACTED_CARD]" : match),
  ],
  [
    /(authjs\.session-token|next-auth\.session-token|__Secure-authjs\.session-token)=[^;\s]+/gi,
    "$1=[REDACTED]",
  ],
  // Secret-named fields inside serialised text (JSON kept as a string, form bodies, query strings).
  [
    /("?\b(?:password|passwd|secret|client_secret|api[_-]?key|apikey|access_token|refresh_token|token)"?\s*[:=]\s*"?)([^"&\s,;}]+)/gi,
    "$1[REDACTED]",
  ],
];

const EMAIL = /\b([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})\b/g;

/**
 * Something every pattern above needs in order to match (a digit pair for card numbers, "@" for
 * e-mails, a keyword for the rest). Most strings in a provider payload (ids, currencies, statuses)
 * contain none of it and are returned after this one scan instead of nine.
 */
const MIGHT_HOLD_A_SECRET =
  /_(?:test|live)_|whsec_|sg\.|bearer|basic|\d[ -]?\d|session-token|passw|secret|api|token|@/i;

export const REDACTED = "[REDACTED]";

export function redactString(value: string, options: { maskEmails?: boolean } = {}): string {
  if (!MIGHT_HOLD_A_SECRET.test(value)) return value;
  return redactStringFully(value, options);
}

/** Every pattern, without the shortcut; exported so tests can check the shortcut changes nothing. */
export function redactStringFully(value: string, options: { maskEmails?: boolean } = {}): string {
  let out = value;
  for (const [pattern, replacement] of SECRET_PATTERNS) {
    out =
      typeof replacement === "string"
        ? out.replace(pattern, replacement)
        : out.replace(pattern, replacement);
  }
  if (options.maskEmails) out = out.replace(EMAIL, "$1***@$2");
  return out;
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.test(key);
}

/** A deep copy with secret keys replaced and secret-shaped strings scrubbed. */
export function redact<T>(value: T, options: { maskEmails?: boolean } = {}, depth = 0): T {
  return redactUnknown(value, options, depth) as T;
}

function redactUnknown(value: unknown, options: { maskEmails?: boolean }, depth: number): unknown {
  if (depth > 12) return "[TRUNCATED]";
  if (typeof value === "string") return redactString(value, options);
  if (Array.isArray(value)) return value.map((item) => redactUnknown(item, options, depth + 1));
  if (value instanceof Error) {
    return { name: value.name, message: redactString(value.message, options) };
  }
  if (value && typeof value === "object") {
    if (value instanceof Date) return value;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] =
        isSecretKey(key) && inner != null && inner !== ""
          ? REDACTED
          : redactUnknown(inner, options, depth + 1);
    }
    return out;
  }
  return value;
}
