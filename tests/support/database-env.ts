import { inject } from "vitest";

// Runs before any test module is imported, so lib/env sees the run's database.
process.env.DATABASE_URL = inject("databaseUrl");
if (inject("databaseKind") === "pglite") process.env.EMBEDDED_DATABASE = "1";
else delete process.env.EMBEDDED_DATABASE;
