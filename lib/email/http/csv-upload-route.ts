import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { authorize } from "@/lib/auth/authorize";
import type { Actor, Permission } from "@/lib/auth/permissions";
import { auditAnonymousDenial, getActor } from "@/lib/auth/session";
import { AppError, isAppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/route";
import { enforceSameOrigin } from "@/lib/http/same-origin";
import { readRawBody } from "@/lib/webhooks/raw-body";

/**
 * authenticatedRoute's checks, in its order (same origin, session, role), for an upload whose
 * body is a CSV file rather than JSON: JSON bodies stop at 1 MiB, a recipient list may be
 * several. The body is read with its own limit (a 413 past it) and handed over as text, with the
 * query string as the rest of the input.
 */
export function csvUploadRoute(
  options: { permission: Permission; maxBytes: number },
  handler: (context: {
    actor: Actor;
    csv: string;
    input: Record<string, string>;
    request: NextRequest;
  }) => Promise<unknown>,
) {
  return async (request: NextRequest) => {
    try {
      await enforceSameOrigin(request.headers, request.nextUrl.pathname);
      const actor = await getActor();
      if (!actor) {
        await auditAnonymousDenial(request.nextUrl.pathname);
        throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
      }
      await authorize(actor, options.permission, { resource: request.nextUrl.pathname });
      const body = await readRawBody(request, options.maxBytes).catch((error: unknown) => {
        if (isAppError(error) && error.code === "PAYLOAD_TOO_LARGE") {
          throw new AppError(
            "PAYLOAD_TOO_LARGE",
            `The file is larger than ${Math.round(options.maxBytes / 1024 / 1024)} MiB. Split the list into smaller files.`,
          );
        }
        throw error;
      });
      const csv = new TextDecoder("utf-8", { fatal: false }).decode(body);
      const data = await handler({
        actor,
        csv,
        input: Object.fromEntries(request.nextUrl.searchParams),
        request,
      });
      return NextResponse.json({ success: true, data });
    } catch (error) {
      return errorResponse(error, request);
    }
  };
}
