import type { NextRequest } from "next/server";
import { getActor } from "@/lib/auth/session";
import { errorResponse } from "@/lib/http/route";
import { authorizeMetricsScrape, renderMetrics } from "@/lib/metrics/service";

export const dynamic = "force-dynamic";

/** Prometheus scrape target: METRICS_TOKEN as a bearer token, or an admin's session. */
export async function GET(request: NextRequest) {
  try {
    await authorizeMetricsScrape({
      headers: request.headers,
      path: request.nextUrl.pathname,
      actor: getActor,
    });
    const { text, contentType } = await renderMetrics();
    return new Response(text, {
      headers: { "Content-Type": contentType, "Cache-Control": "no-store" },
    });
  } catch (error) {
    return errorResponse(error, request);
  }
}
