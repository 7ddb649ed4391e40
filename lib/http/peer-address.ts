import http from "node:http";
import { isAllowedMethod } from "./input-rules";

/**
 * Methods the Fetch API cannot represent: Next.js fails to build a Request for them and answers
 * 500 before any app code (the proxy included) runs, so they are refused here with 405.
 */
const FORBIDDEN_METHODS = new Set(["TRACE", "TRACK", "CONNECT"]);

/**
 * Paths the proxy does not see (provider webhooks) still need what it does for the rest: a
 * method nobody serves gets 405, and a path Next.js cannot decode gets 400 instead of its 500.
 */
const UNPROXIED = /^\/api\/webhooks(\/|$|\?)/;

function decodable(url: string): boolean {
  try {
    decodeURIComponent(url.split("?")[0] ?? "");
    return true;
  } catch {
    return false;
  }
}

function refuse(response: http.ServerResponse, status: 400 | 405) {
  const body = JSON.stringify({
    success: false,
    error:
      status === 405
        ? { code: "METHOD_NOT_ALLOWED", message: "This method is not allowed." }
        : { code: "BAD_REQUEST", message: "The address of this request is malformed." },
  });
  response.writeHead(status, {
    Allow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS",
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(body),
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  });
  response.end(body);
}

/**
 * `next start` gives app code no socket: it only fills in X-Forwarded-For when the client left it
 * out, so a client can put any address there. This stamps each request with its real socket
 * address, overwriting whatever the client sent under the same name, before Next.js sees it.
 */
export const PEER_HEADER = "x-console-peer-address";
const INSTALLED = Symbol.for("integrations-console.peer-address-installed");

type Emit = (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;

export function installPeerAddressHeader(): void {
  const registry = globalThis as { [INSTALLED]?: boolean };
  if (registry[INSTALLED]) return;
  const original = http.Server.prototype.emit as Emit;
  const patched: Emit = function (this: http.Server, event, ...args) {
    if (event === "request" && args[0] instanceof http.IncomingMessage) {
      const request = args[0];
      request.headers[PEER_HEADER] = request.socket.remoteAddress ?? "";
      const response = args[1];
      if (response instanceof http.ServerResponse) {
        const method = request.method ?? "";
        if (FORBIDDEN_METHODS.has(method)) {
          refuse(response, 405);
          return true;
        }
        const url = request.url ?? "";
        if (UNPROXIED.test(url)) {
          if (!isAllowedMethod(method)) {
            refuse(response, 405);
            return true;
          }
          if (!decodable(url)) {
            refuse(response, 400);
            return true;
          }
        }
      }
    }
    return original.call(this, event, ...args);
  };
  http.Server.prototype.emit = patched;
  registry[INSTALLED] = true;
}

/** Whether this process stamps requests; without it the header could be the client's own. */
export function peerAddressHeaderInstalled(): boolean {
  return (globalThis as { [INSTALLED]?: boolean })[INSTALLED] === true;
}

/** For tests that build requests by hand, as the installed stamp would. */
export function markPeerAddressHeaderInstalledForTests(): void {
  (globalThis as { [INSTALLED]?: boolean })[INSTALLED] = true;
}
