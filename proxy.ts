import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { recordAudit } from "@/lib/audit/audit";
import { clientIp } from "@/lib/auth/client-ip";
import { getEnv } from "@/lib/env";
import { originProblem } from "@/lib/http/same-origin";

const PUBLIC_PATHS = [/^\/login$/, /^\/api\/health$/, /^\/api\/auth(\/|$)/, /^\/api\/webhooks\//];

/**
 * Reads the session token without renewing it. (Auth.js's `auth()` wrapper would re-issue the
 * cookie on every response, and that copy can overwrite the deletion a sign-out sends.) Whether
 * the user is still active is checked by the page or route handler, against the database.
 */
async function sessionEmail(request: NextRequest): Promise<string | null | undefined> {
  const secret = getEnv().AUTH_SECRET;
  if (!secret) return undefined;
  for (const secureCookie of [true, false]) {
    const token = await getToken({ req: request, secret, secureCookie });
    if (token) return typeof token.email === "string" ? token.email : null;
  }
  return undefined;
}

/**
 * The first gate: no session, no page and no API. Pages and route handlers check the session
 * and role again themselves; this only keeps anonymous traffic away from app code.
 */
export default async function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const email = await sessionEmail(request);
  // Next.js itself rejects a cross-site server action with a bare 500; answer it as the
  // forbidden request it is, and audit it, before Next gets there.
  if (request.method === "POST" && request.headers.has("next-action")) {
    const problem = originProblem(request.headers);
    if (problem) {
      await recordAudit({
        action: "access.denied",
        outcome: "DENIED",
        actorEmail: email ?? null,
        ip: clientIp(request.headers),
        details: { reason: "origin", path: pathname, origin: request.headers.get("origin") },
      });
      return NextResponse.json({ success: false, error: { code: "FORBIDDEN", message: problem } }, { status: 403 });
    }
  }
  if (PUBLIC_PATHS.some((pattern) => pattern.test(pathname)) || email !== undefined) return NextResponse.next();

  await recordAudit({
    action: "access.denied",
    outcome: "DENIED",
    ip: clientIp(request.headers),
    details: { reason: "unauthenticated", path: pathname, method: request.method },
  });
  if (pathname.startsWith("/api/")) {
    return NextResponse.json(
      { success: false, error: { code: "UNAUTHENTICATED", message: "Sign in to continue." } },
      { status: 401 },
    );
  }
  const login = new URL("/login", request.nextUrl.origin);
  if (pathname !== "/") login.searchParams.set("callbackUrl", `${pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(login);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt).*)"],
};
