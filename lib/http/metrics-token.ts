import { timingSafeEqual } from "node:crypto";
import { getEnv } from "@/lib/env";

/** Whether the request carries METRICS_TOKEN as a bearer token (compared in constant time). */
export function hasMetricsToken(headers: Headers): boolean {
  const expected = getEnv().METRICS_TOKEN;
  const match = /^Bearer\s+(\S+)$/i.exec(headers.get("authorization") ?? "");
  if (!expected || !match?.[1]) return false;
  const given = Buffer.from(match[1]);
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
