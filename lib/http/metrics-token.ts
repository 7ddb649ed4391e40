import { createHash, timingSafeEqual } from "node:crypto";
import { getEnv } from "@/lib/env";

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/**
 * Whether the request carries METRICS_TOKEN as a bearer token. Both sides are hashed first so the
 * comparison takes the same time whatever the given token's length, not only its content.
 */
export function hasMetricsToken(headers: Headers): boolean {
  const expected = getEnv().METRICS_TOKEN;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(headers.get("authorization") ?? "");
  if (!expected || !match?.[1]) return false;
  return timingSafeEqual(digest(match[1]), digest(expected));
}
