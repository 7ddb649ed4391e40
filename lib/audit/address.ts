/**
 * An address as people read it: an IPv4 client seen through an IPv6 socket (`::ffff:127.0.0.1`)
 * is that IPv4 address, brackets and zone-less case differences are dropped. Applied when a row
 * is written, and again when older rows are shown.
 */
export function normalizeAddress(address: string | null | undefined): string | null {
  if (address === null || address === undefined) return null;
  const trimmed = address.trim().replace(/^\[|\]$/g, "");
  if (trimmed === "") return null;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(trimmed);
  return (mapped?.[1] ?? trimmed).toLowerCase();
}
