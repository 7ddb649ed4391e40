import { NextResponse } from "next/server";
import { getHealth } from "@/lib/health/service";

export const dynamic = "force-dynamic";

export async function GET() {
  const report = await getHealth();
  return NextResponse.json(report, {
    // Only a dead database makes the instance unhealthy; an open circuit is reported, not fatal.
    status: report.database.status === "up" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
