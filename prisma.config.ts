import { defineConfig } from "prisma/config";

// The CLI only needs the schema and migrations paths here. Connections come from
// lib/db (driver adapters), and migrations run through scripts/db-migrate.ts,
// which works offline with Prisma's WASM schema engine.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
