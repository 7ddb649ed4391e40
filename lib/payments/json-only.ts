import "server-only";
import type { NextRequest } from "next/server";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/route";

type Handler<C> = (request: NextRequest, context: C) => Promise<Response>;

/**
 * Write APIs take JSON only: a form post or plain text is refused with a clear 400 before any
 * work, instead of being parsed as if it were JSON.
 */
export function jsonOnly<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    const type = request.headers.get("content-type") ?? "";
    if (!/^application\/json\s*(;|$)/i.test(type)) {
      return errorResponse(
        new AppError(
          "BAD_REQUEST",
          "Send the request body as JSON (Content-Type: application/json).",
        ),
        request,
      );
    }
    return handler(request, context);
  };
}
