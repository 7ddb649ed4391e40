// A proxy that does nothing, on one path only: /api/ingest-proxied runs the same handler as
// /api/ingest through Next.js's proxy machinery, so the benchmark can tell what invoking a proxy
// costs apart from what the console's proxy does inside it. Next.js tests the matcher before
// anything else, so /api/ingest (the framework's floor) never enters this.
//
// This file (and instrumentation.ts) must exist here: with none of its own, Turbopack picks up
// the repository root's proxy.ts and instrumentation.ts for this app too.
import { NextResponse } from "next/server";

export default function proxy() {
  return NextResponse.next();
}

export const config = { matcher: ["/api/ingest-proxied"] };
