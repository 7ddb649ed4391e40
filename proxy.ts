import { NextResponse } from "next/server";
import { recordAudit } from "@/lib/audit/audit";
import { auth } from "@/lib/auth/auth";
import { clientIp } from "@/lib/auth/client-ip";
import { originProblem } from "@/lib/http/same-origin";

const PUBLIC_PATHS = [/^\/login$/, /^\/api\/health$/, /^\/api\/auth(\/|$)/, /^\/api\/webhooks\//];

/**
 * The first gate: no session, no page and no API. Pages and route handlers check the session
 * and role again themselves; this only keeps anonymous traffic away from app code.
 */
export default auth(async (request) => {
  const { pathname } = request.nextUrl;
  // Next.js itself rejects a cross-site server action with a bare 500; answer it as the
  // forbidden request it is, and audit it, before Next gets there.
  if (request.method === "POST" && request.headers.has("next-action")) {
    const problem = originProblem(request.headers);
    if (problem) {
      await recordAudit({
        action: "access.denied",
        outcome: "DENIED",
        actorEmail: request.auth?.user?.email ?? null,
        ip: clientIp(request.headers),
        details: { reason: "origin", path: pathname, origin: request.headers.get("origin") },
      });
      return NextResponse.json({ success: false, error: { code: "FORBIDDEN", message: problem } }, { status: 403 });
    }
  }
  if (PUBLIC_PATHS.some((pattern) => pattern.test(pathname)) || request.auth?.user) return NextResponse.next();

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
});

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt).*)"],
};
