import proxyAddr from "proxy-addr";
import { appOrigin, getEnv, type Env } from "@/lib/env";
import { PEER_HEADER, peerAddressHeaderInstalled } from "./peer-address";

type Trust = (address: string, hop: number) => boolean;

const trustCache = new WeakMap<Env, Trust>();

function trustFor(env: Env): Trust {
  let trust = trustCache.get(env);
  if (!trust) {
    const setting = env.TRUSTED_PROXIES;
    // A hop count trusts that many proxies in front of us, whoever they are (as Express does).
    trust =
      setting === undefined
        ? () => false
        : typeof setting === "number"
          ? (_address, hop) => hop < setting
          : proxyAddr.compile(setting);
    trustCache.set(env, trust);
  }
  return trust;
}

function normalize(address: string): string {
  const trimmed = address.trim().replace(/^\[|\]$/g, "");
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(trimmed);
  return (mapped?.[1] ?? trimmed).toLowerCase();
}

/** The socket address of this request, or null where the process does not stamp it. */
export function peerAddress(headers: Headers): string | null {
  if (!peerAddressHeaderInstalled()) return null;
  const peer = headers.get(PEER_HEADER);
  return peer ? normalize(peer) : null;
}

/**
 * The client's address: the socket address, walked back through X-Forwarded-For only across
 * proxies that TRUSTED_PROXIES names (proxy-addr's rule). Without it, X-Forwarded-For is ignored.
 */
export function clientAddress(headers: Headers, env: Env = getEnv()): string | null {
  const peer = peerAddress(headers);
  if (!peer) return null;
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map(normalize)
    .filter(Boolean)
    .reverse();
  const chain = [peer, ...forwarded];
  const trust = trustFor(env);
  let hop = 0;
  while (hop < chain.length - 1 && trust(chain[hop] ?? "", hop)) hop++;
  return chain[hop] ?? peer;
}

/** Whether the direct peer is a trusted proxy, whose X-Forwarded-Proto and -Host count. */
export function fromTrustedProxy(headers: Headers, env: Env = getEnv()): boolean {
  const peer = peerAddress(headers);
  return peer !== null && trustFor(env)(peer, 0);
}

/** The scheme the browser used: https behind a trusted TLS proxy, else the configured origin's. */
export function requestScheme(headers: Headers, env: Env = getEnv()): "http" | "https" {
  if (fromTrustedProxy(headers, env)) {
    const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
    if (proto === "https" || proto === "http") return proto;
  }
  return new URL(appOrigin(env)).protocol === "https:" ? "https" : "http";
}
