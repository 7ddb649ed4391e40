// Applies pending migrations to DATABASE_URL, or to the embedded database in DATA_DIR (default .data/).
import { startEmbeddedPostgres } from "../lib/db/embedded";
import { EmbeddedDatabaseInUseError } from "../lib/db/embedded-lock";
import { embeddedDatabaseDir } from "../lib/db/location";
import { applyMigrations, MigrationError } from "../lib/db/migrations";

const external = process.env.DATABASE_URL?.trim();
const embedded = external
  ? null
  : await startEmbeddedPostgres({ dataDir: embeddedDatabaseDir() }).catch((error: unknown) => {
      if (!(error instanceof EmbeddedDatabaseInUseError)) throw error;
      console.error(error.message);
      process.exit(1);
    });
try {
  const applied = await applyMigrations(external || embedded!.url);
  console.log(applied.length ? `Applied ${applied.join(", ")}` : "The database is up to date.");
} catch (error) {
  console.error(error instanceof MigrationError ? error.message : error);
  process.exitCode = 1;
} finally {
  await embedded?.stop();
}
