import path from "node:path";
import type { NextConfig } from "next";

// The repository root: the route imports the shared verify-and-insert from bench/webhook-ingest,
// and next/react resolve from the root's node_modules (this app has no install of its own).
const root = path.resolve(import.meta.dirname, "../..");

const nextConfig: NextConfig = {
  // As in the console's next.config.ts: pg stays out of the bundle.
  serverExternalPackages: ["pg"],
  poweredByHeader: false,
  // The root's `npm run typecheck` checks this app's sources; a second check here only slows the
  // benchmark's build.
  typescript: { ignoreBuildErrors: true },
  turbopack: { root },
  outputFileTracingRoot: root,
};

export default nextConfig;
