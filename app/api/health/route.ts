import { NextResponse, type NextRequest } from "next/server";
import { getActor } from "@/lib/auth/session";
import { anonymousHealth, getHealth } from "@/lib/health/service";
import { hasMetricsToken } from "@/lib/http/metrics-token";

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest) {
  const report = await getHealth();
  // Details (database kind and latency, provider modes, circuits) need a session or METRICS_TOKEN.
  const detailed = hasMetricsToken(request.headers) || (await getActor()) !== null;
  return NextResponse.json(detailed ? report : anonymousHealth(report), {
    // Only a dead database makes the instance unhealthy; an open circuit is reported, not fatal.
    status: report.database.status === "up" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
