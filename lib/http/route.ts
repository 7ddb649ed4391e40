import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { authorize } from "@/lib/auth/authorize";
import type { Actor, Permission } from "@/lib/auth/permissions";
import { auditAnonymousDenial, getActor } from "@/lib/auth/session";
import { AppError, isAppError, toErrorBody } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { isJsonContentType, refuseUnstorableText } from "./input-rules";
import { changesState } from "./origin";
import { enforceSameOrigin } from "./same-origin";

const MAX_BODY_BYTES = 1024 * 1024;
const MAX_JSON_DEPTH = 32;

interface RouteContext<Params> {
  actor: Actor;
  /** The JSON body for writes, the query parameters for reads; services validate it. */
  input: unknown;
  params: Params;
  request: NextRequest;
}

function depth(value: unknown, level = 0): number {
  if (level > MAX_JSON_DEPTH || !value || typeof value !== "object") return level;
  let deepest = level;
  for (const item of Object.values(value)) deepest = Math.max(deepest, depth(item, level + 1));
  return deepest;
}

async function readJson(request: NextRequest): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES)
    throw new AppError("PAYLOAD_TOO_LARGE", "The request body is larger than 1 MiB.");
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES)
    throw new AppError("PAYLOAD_TOO_LARGE", "The request body is larger than 1 MiB.");
  if (text.trim() === "") return {};
  // Form and text/plain bodies are what a cross-site form can send without a preflight.
  if (!isJsonContentType(request.headers.get("content-type"))) {
    throw new AppError(
      "UNSUPPORTED_MEDIA_TYPE",
      "Send the request body as JSON (Content-Type: application/json).",
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", "The request body is not valid JSON.");
  }
  if (depth(parsed) > MAX_JSON_DEPTH)
    throw new AppError("BAD_REQUEST", "The request body is nested too deeply.");
  return parsed;
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
 * same origin for writes, a live session, the role, JSON only, no text the database cannot
 * store; the service then validates the input.
 */
export function authenticatedRoute<Params = Record<string, string>>(
  options: { permission: Permission },
  handler: (context: RouteContext<Params>) => Promise<unknown>,
) {
  return async (request: NextRequest, context: { params: Promise<Params> }) => {
    try {
      const writes = changesState(request.method);
      if (writes) await enforceSameOrigin(request.headers, request.nextUrl.pathname);
      const actor = await getActor();
      if (!actor) {
        await auditAnonymousDenial(request.nextUrl.pathname, request.headers);
        throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
      }
      await authorize(actor, options.permission, { resource: request.nextUrl.pathname });
      const input = writes
        ? await readJson(request)
        : Object.fromEntries(request.nextUrl.searchParams);
      const params = await context.params;
      refuseUnstorableText(input);
      refuseUnstorableText(params);
      const data = await handler({ actor, input, params, request });
      return data instanceof Response ? data : NextResponse.json({ success: true, data });
    } catch (error) {
      return errorResponse(error, request);
    }
  };
}
