import "server-only";
import { NextRequest, NextResponse } from "next/server";
import { recordFoldedAudit } from "@/lib/audit/audit";
import { appOrigin } from "@/lib/env";
import { clientAddress } from "@/lib/http/client-address";
import { handlers } from "./auth";

const MAX_BODY_BYTES = 64 * 1024;

/**
 * Auth.js builds its own URLs (callbacks, redirects, cookie security) from Host and
 * X-Forwarded-*; it gets a copy of the request rebased on APP_URL instead, so no client header
 * decides where it sends people.
 */
async function rebased(request: NextRequest): Promise<NextRequest> {
  const origin = new URL(appOrigin());
  const url = new URL(`${request.nextUrl.pathname}${request.nextUrl.search}`, origin);
  const headers = new Headers(request.headers);
  headers.set("host", origin.host);
  headers.set("x-forwarded-host", origin.host);
  headers.set("x-forwarded-proto", origin.protocol.replace(":", ""));
  const init: { method: string; headers: Headers; body?: string } = {
    method: request.method,
    headers,
  };
  if (request.method !== "GET" && request.method !== "HEAD") init.body = await request.text();
  return new NextRequest(url, init);
}

function isCsrfFailure(response: Response): boolean {
  const location = response.headers.get("location") ?? "";
  return /[?&]error=MissingCSRF\b/.test(location);
}

async function handle(request: NextRequest, handler: (request: NextRequest) => Promise<Response>) {
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_BODY_BYTES) {
    return NextResponse.json(
      {
        success: false,
        error: { code: "PAYLOAD_TOO_LARGE", message: "The request body is too large." },
      },
      { status: 413 },
    );
  }
  const response = await handler(await rebased(request));
  if (request.method === "POST" && isCsrfFailure(response)) {
    await recordFoldedAudit(
      {
        action: "auth.csrf_failed",
        outcome: "DENIED",
        ip: clientAddress(request.headers),
        details: { path: request.nextUrl.pathname },
      },
      { key: "auth-csrf" },
    );
  }
  return response;
}

export const GET = (request: NextRequest) => handle(request, handlers.GET);
export const POST = (request: NextRequest) => handle(request, handlers.POST);
