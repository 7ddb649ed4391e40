import { addressKey } from "@/lib/email/addresses";

/**
 * What customer matching compares for an address: the address as the lists compare it
 * (lib/email/addresses.ts), and with the +tag removed only when that is configured, since for
 * many mail providers ann+shop@ and ann@ are different mailboxes.
 */
export function emailMatchKey(address: string, foldPlusTags: boolean): string {
  const key = addressKey(address);
  if (!foldPlusTags) return key;
  const at = key.lastIndexOf("@");
  const plus = key.indexOf("+");
  return plus > 0 && plus < at ? key.slice(0, plus) + key.slice(at) : key;
}

/** The next string after every string that starts with `prefix`, for an indexed prefix range. */
export function prefixUpperBound(prefix: string): string {
  const points = Array.from(prefix);
  const last = points.pop();
  if (last === undefined) return "\u{10FFFF}";
  const code = last.codePointAt(0) ?? 0;
  return code >= 0x10ffff
    ? `${points.join("")}${last}\u{10FFFF}`
    : points.join("") + String.fromCodePoint(code + 1);
}
