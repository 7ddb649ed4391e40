import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { authorize } from "@/lib/auth/authorize";
import type { Actor, Permission } from "@/lib/auth/permissions";
import { auditAnonymousDenial, getActor } from "@/lib/auth/session";
import { AppError, isAppError, toErrorBody } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { enforceSameOrigin } from "./same-origin";

const MAX_BODY_BYTES = 1024 * 1024;

interface RouteContext<Params> {
  actor: Actor;
  /** The JSON body for writes, the query parameters for reads; services validate it. */
  input: unknown;
  params: Params;
  request: NextRequest;
}

async function readJson(request: NextRequest): Promise<unknown> {
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES)
    throw new AppError("PAYLOAD_TOO_LARGE", "The request body is larger than 1 MiB.");
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", "The request body is not valid JSON.");
  }
}

export function errorResponse(error: unknown, request?: NextRequest) {
  if (!isAppError(error) || error.status >= 500) {
    logger.error({ err: error, path: request?.nextUrl.pathname }, "request failed");
  }
  const { status, body, headers } = toErrorBody(error);
  return NextResponse.json(body, { status, headers });
}

/**
 * A route handler with the checks every authenticated API route needs, in order:
 * same origin for writes, a live session, the role; the service then validates the input.
 */
export function authenticatedRoute<Params = Record<string, string>>(
  options: { permission: Permission },
  handler: (context: RouteContext<Params>) => Promise<unknown>,
) {
  return async (request: NextRequest, context: { params: Promise<Params> }) => {
    try {
      const writes = !["GET", "HEAD", "OPTIONS"].includes(request.method);
      if (writes) await enforceSameOrigin(request.headers, request.nextUrl.pathname);
      const actor = await getActor();
      if (!actor) {
        await auditAnonymousDenial(request.nextUrl.pathname);
        throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
      }
      await authorize(actor, options.permission, { resource: request.nextUrl.pathname });
      const input = writes
        ? await readJson(request)
        : Object.fromEntries(request.nextUrl.searchParams);
      const data = await handler({ actor, input, params: await context.params, request });
      return data instanceof Response ? data : NextResponse.json({ success: true, data });
    } catch (error) {
      return errorResponse(error, request);
    }
  };
}
