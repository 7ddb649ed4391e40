// The framework's floor: a Next.js route handler doing the same verify-and-insert as the bare
// server, with no proxy, no Prisma and no job queue in the way.
import { NextResponse } from "next/server";
import { createIngest, ingestSettingsFromEnv } from "../../../../webhook-ingest/verify-and-insert";

// On globalThis so that one pool serves every request however Next.js loads the module.
const globalForIngest = globalThis as unknown as { benchIngest?: ReturnType<typeof createIngest> };

export async function POST(request: Request) {
  globalForIngest.benchIngest ??= createIngest(ingestSettingsFromEnv(process.env));
  // The raw bytes, as the console's readRawBody keeps them: the signature covers them.
  const rawBody = Buffer.from(await request.arrayBuffer());
  const result = await globalForIngest.benchIngest.ingest(rawBody, (name) =>
    request.headers.get(name),
  );
  return NextResponse.json(result.body, { status: result.status });
}
