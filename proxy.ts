import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { recordFoldedAudit } from "@/lib/audit/audit";
import { appOrigin, getEnv } from "@/lib/env";
import { clientAddress, requestScheme } from "@/lib/http/client-address";
import { hasMetricsToken } from "@/lib/http/metrics-token";
import { isDecodableActionReply, MAX_ACTION_BODY_BYTES, readLimited } from "@/lib/http/action-body";
import { ALLOWED_METHODS, isAllowedMethod } from "@/lib/http/input-rules";
import { changesState, expectedOrigin, originProblem } from "@/lib/http/origin";
import { applySecurityHeaders, contentSecurityPolicy, newNonce } from "@/lib/http/security-headers";

const PUBLIC_PATHS = [/^\/login$/, /^\/api\/health$/, /^\/api\/auth(\/|$)/];
/** Signature-authenticated machine endpoints: no session, Origin or content-type rules here. */
const WEBHOOK_PATH = /^\/api\/webhooks(\/|$)/;
/** Scrapers send METRICS_TOKEN instead of a session; only the exact token passes (checked again by the route). */
const METRICS_PATH = /^\/api\/metrics$/;
const ACTION_CONTENT_TYPES = [
  "text/plain",
  "multipart/form-data",
  "application/x-www-form-urlencoded",
];

/**
 * Reads the session token without renewing it. (Auth.js's `auth()` wrapper would re-issue the
 * cookie on every response, and that copy can overwrite the deletion a sign-out sends.) Whether
 * the session is still open is checked by the page or route handler, against the database.
 */
async function hasSessionToken(request: NextRequest): Promise<boolean> {
  const secret = getEnv().AUTH_SECRET;
  if (!secret) return false;
  const token = await getToken({
    req: request,
    secret,
    secureCookie: appOrigin().startsWith("https:"),
  });
  return token !== null;
}

function decodablePath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

function json(status: number, code: string, message: string, headers: Record<string, string> = {}) {
  return NextResponse.json({ success: false, error: { code, message } }, { status, headers });
}

/**
 * Server actions reach Next.js as POSTs to pages. Next.js answers 500 to bodies it cannot decode
 * or that exceed its limit, so they are read and checked here first.
 */
async function actionBodyProblem(request: NextRequest): Promise<NextResponse | null> {
  const isAction = request.headers.has("next-action");
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() ?? "";
  const formPost = type === "multipart/form-data" || type === "application/x-www-form-urlencoded";
  if (!isAction && !formPost) return null;
  if (Number(request.headers.get("content-length") ?? 0) > MAX_ACTION_BODY_BYTES) {
    return json(413, "PAYLOAD_TOO_LARGE", "The request body is larger than 1 MiB.");
  }
  if (isAction && !ACTION_CONTENT_TYPES.includes(type)) {
    return json(415, "UNSUPPORTED_MEDIA_TYPE", "This request's content type is not accepted here.");
  }
  const bytes = await readLimited(request.clone().body, MAX_ACTION_BODY_BYTES);
  if (!bytes) return json(413, "PAYLOAD_TOO_LARGE", "The request body is larger than 1 MiB.");
  if (!isAction) return null;
  let body: string | FormData;
  try {
    body =
      type === "text/plain"
        ? new TextDecoder("utf-8", { fatal: true }).decode(bytes)
        : await new Response(bytes, {
            headers: { "content-type": request.headers.get("content-type") ?? "" },
          }).formData();
  } catch {
    return json(400, "BAD_REQUEST", "The request body is malformed.");
  }
  return isDecodableActionReply(body)
    ? null
    : json(400, "BAD_REQUEST", "The request body is malformed.");
}

async function gate(request: NextRequest, forward: Headers): Promise<NextResponse> {
  const { pathname } = request.nextUrl;
  const ip = clientAddress(request.headers);

  if (changesState(request.method)) {
    const problem = originProblem(request.headers);
    if (problem) {
      await recordFoldedAudit(
        {
          action: "access.denied",
          outcome: "DENIED",
          ip,
          details: {
            reason: "origin",
            path: pathname,
            method: request.method,
            origin: request.headers.get("origin"),
          },
        },
        { key: `origin:${request.headers.get("origin") ?? "none"}` },
      );
      return json(403, "FORBIDDEN", problem);
    }
    if (!pathname.startsWith("/api/")) {
      const bodyProblem = await actionBodyProblem(request);
      if (bodyProblem) return bodyProblem;
    }
  }

  if (
    PUBLIC_PATHS.some((pattern) => pattern.test(pathname)) ||
    (METRICS_PATH.test(pathname) && hasMetricsToken(request.headers)) ||
    (await hasSessionToken(request))
  ) {
    return NextResponse.next({ request: { headers: forward } });
  }

  await recordFoldedAudit(
    {
      action: "access.denied",
      outcome: "DENIED",
      ip,
      details: { reason: "unauthenticated", path: pathname, method: request.method },
    },
    { key: "unauthenticated" },
  );
  if (pathname.startsWith("/api/") || changesState(request.method))
    return json(401, "UNAUTHENTICATED", "Sign in to continue.");
  const login = new URL("/login", appOrigin());
  if (pathname !== "/")
    login.searchParams.set("callbackUrl", `${pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(login);
}

/**
 * The first gate, for every request but static files: security headers and a CSP nonce, 405 for
 * methods nobody serves, the Origin rule for every write, action bodies checked, and no page or
 * API without a session token. Pages and handlers check the session and role again themselves.
 */
export default async function proxy(request: NextRequest) {
  const https = requestScheme(request.headers) === "https";
  if (!isAllowedMethod(request.method)) {
    const response = json(405, "METHOD_NOT_ALLOWED", "This method is not allowed.", {
      Allow: ALLOWED_METHODS.join(", "),
    });
    applySecurityHeaders(response.headers, {
      csp: contentSecurityPolicy({ nonce: newNonce(), https }),
      https,
    });
    return response;
  }
  if (!decodablePath(request.nextUrl.pathname)) {
    // Next.js decodes dynamic segments itself and answers 500 when that throws (e.g. "%ff").
    const response = json(400, "BAD_REQUEST", "The address of this request is malformed.");
    applySecurityHeaders(response.headers, {
      csp: contentSecurityPolicy({ nonce: newNonce(), https }),
      https,
    });
    return response;
  }
  if (WEBHOOK_PATH.test(request.nextUrl.pathname)) {
    const response = NextResponse.next();
    applySecurityHeaders(response.headers, {
      csp: "default-src 'none'; frame-ancestors 'none'",
      https,
    });
    return response;
  }

  const nonce = newNonce();
  const csp = contentSecurityPolicy({ nonce, https, dev: getEnv().NODE_ENV === "development" });
  const forward = new Headers(request.headers);
  // App code (Auth.js included) reads X-Forwarded-*: it sees the values this proxy trusts, never a
  // client's own.
  const origin = new URL(expectedOrigin(request.headers));
  forward.set("x-forwarded-host", origin.host);
  forward.set("x-forwarded-proto", origin.protocol.replace(":", ""));
  const address = clientAddress(request.headers);
  if (address) forward.set("x-forwarded-for", address);
  else forward.delete("x-forwarded-for");
  forward.set("x-nonce", nonce);
  forward.set("Content-Security-Policy", csp);
  const response = await gate(request, forward);
  applySecurityHeaders(response.headers, { csp, https });
  return response;
}

export const config = {
  // Provider webhooks never pass through here: they carry no session and no Origin, and running
  // any proxy at all halved their throughput (bench/webhook-ingest.ts). Their headers come from
  // next.config.ts; malformed paths and methods are refused at the server (lib/http/peer-address.ts).
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt|api/webhooks/).*)"],
};
