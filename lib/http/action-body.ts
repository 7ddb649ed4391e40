/**
 * Next.js answers 500 to a server-action body it cannot decode (React's decodeReply throws), and
 * to one over its 1 MB limit. The proxy reads action bodies first and answers 4xx instead. A
 * well-formed body is what React's encodeReply produces: JSON rows whose "$" strings are either
 * inline values (dates, bigints, undefined, escaped "$") or references to parts that exist.
 */
export const MAX_ACTION_BODY_BYTES = 1024 * 1024;

const INLINE_VALUE = /^\$(?:\$|D|n|undefined$|Infinity$|-Infinity$|NaN$|-0$)/;
const REFERENCE = /^\$([KQWB@AhiRr]?)([0-9a-f]{1,8})$/;

type Parts = Map<string, FormDataEntryValue>;

function validModel(value: unknown, parts: Parts, seen: Set<string>, depth: number): boolean {
  if (depth > 64) return false;
  if (typeof value === "string") {
    if (!value.startsWith("$") || INLINE_VALUE.test(value)) return true;
    const match = REFERENCE.exec(value);
    if (!match) return false;
    const [, kind, hex] = match;
    const id = String(Number.parseInt(hex ?? "", 16));
    // A FormData argument's fields are sent as "_<id>_<name>".
    if (kind === "K")
      return [...parts.keys()].some((key) => key.startsWith(`_${id}_`) || key.startsWith(`${id}_`));
    // Back-references to objects already seen, and streams: nothing to look up.
    if (kind === "A" || kind === "h" || kind === "i" || kind === "R" || kind === "r") return true;
    const part = parts.get(id);
    if (part === undefined) return false;
    if (kind === "B") return true;
    if (typeof part !== "string") return false;
    if (seen.has(id)) return true;
    seen.add(id);
    return validRow(part, parts, seen, depth + 1);
  }
  if (Array.isArray(value)) return value.every((item) => validModel(item, parts, seen, depth + 1));
  if (value && typeof value === "object")
    return Object.values(value).every((item) => validModel(item, parts, seen, depth + 1));
  return true;
}

function validRow(row: string, parts: Parts, seen: Set<string>, depth: number): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(row);
  } catch {
    return false;
  }
  return validModel(parsed, parts, seen, depth);
}

/** Whether a fetch action's body (text/plain or multipart, already read) is one React can decode. */
export function isDecodableActionReply(body: string | FormData): boolean {
  if (typeof body === "string") return validRow(body, new Map(), new Set(), 0);
  const parts: Parts = new Map([...body.entries()]);
  const root = parts.get("0");
  if (typeof root !== "string") return false;
  return validRow(root, parts, new Set(["0"]), 0);
}

/** Reads at most `limit` bytes of a body; null when it is longer. */
export async function readLimited(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return all;
}
