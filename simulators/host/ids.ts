import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A provider-style id: a prefix and random base-62 characters ("obj_4fQz…", "req_…"). */
export function randomId(prefix: string, length = 24): string {
  let out = prefix;
  // The slight modulo bias does not matter for ids that only need to be unique.
  for (const byte of randomBytes(length)) out += ALPHABET[byte % ALPHABET.length] ?? "0";
  return out;
}
