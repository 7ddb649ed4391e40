// `npm run admin:reset-password -- <email> [--password-stdin] [--enable]`: a new password for a
// user who cannot sign in, on DATABASE_URL or on the embedded database in DATA_DIR.
// The npm script runs it with `--conditions=react-server`, under which the lib modules'
// `import "server-only"` resolves to an empty module instead of throwing.
import { existsSync } from "node:fs";
import path from "node:path";
import { text } from "node:stream/consumers";
import { parseArgs } from "node:util";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../lib/db/embedded";
import { EmbeddedDatabaseInUseError } from "../lib/db/embedded-lock";
import { embeddedDatabaseDir } from "../lib/db/location";
import { projectRoot } from "../lib/db/paths";

const usage = `Usage: npm run admin:reset-password -- <email> [--password-stdin] [--enable]

Sets a new password for the user with that email and prints it once. Every open session of
the user ends and their failed sign-ins are forgotten. The change is in the audit log.

  --password-stdin  read the new password from standard input instead of generating one
  --enable          also re-enable the account if it is disabled

Uses DATABASE_URL when set, else the embedded database in DATA_DIR (default .data/),
which only works while the console is stopped.`;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function parseCommandLine() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        "password-stdin": { type: "boolean", default: false },
        enable: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    return fail(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
  }
}

const { values, positionals } = parseCommandLine();
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const [email, ...extra] = positionals;
if (email === undefined || extra.length > 0) fail(usage);

let password: string | undefined;
if (values["password-stdin"]) {
  if (process.stdin.isTTY) console.error("Type the new password, then Enter and Ctrl-D:");
  // Only the line end that `echo` or a terminal adds; other spaces belong to the password.
  password = (await text(process.stdin)).replace(/\r?\n$/, "");
}

// Settings may live in .env, as for npm start; variables already in the environment win.
const envFile = path.join(projectRoot, ".env");
if (existsSync(envFile)) process.loadEnvFile(envFile);
// The audit entry is logged as well as stored; that JSON line is noise here.
process.env.LOG_LEVEL ??= "warn";

let embedded: EmbeddedPostgres | null = null;
if (!process.env.DATABASE_URL?.trim()) {
  const dataDir = embeddedDatabaseDir();
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    fail(
      `There is no embedded database in ${dataDir}. Set DATA_DIR (or DATABASE_URL) as for the ` +
        "console whose password you are resetting.",
    );
  }
  embedded = await startEmbeddedPostgres({ dataDir }).catch((error: unknown) => {
    if (error instanceof EmbeddedDatabaseInUseError) fail(error.message);
    throw error;
  });
  process.env.DATABASE_URL = embedded.url;
  process.env.EMBEDDED_DATABASE = "1";
}

// The same validated environment as the console's, checked before modules that read it on load.
const { EnvError, getEnv } = await import("../lib/env");
try {
  getEnv();
} catch (error) {
  await embedded?.stop();
  if (error instanceof EnvError) fail(error.message);
  throw error;
}

// Imported only now: these modules read DATABASE_URL and the rest of the environment on load.
const { resetPassword } = await import("../lib/users/password-reset");
const { getDb } = await import("../lib/db/client");
const { getPool } = await import("../lib/db/pool");
const { isAppError } = await import("../lib/errors");

try {
  const result = await resetPassword({ email, password, enable: values.enable, source: "cli" });
  console.log(`Password reset for ${result.email} (${result.role.toLowerCase()}).`);
  console.log("Every session this user had open has ended; failed sign-ins are forgotten.");
  if (result.reenabled) console.log("The account was disabled and is enabled again.");
  if (result.generatedPassword) {
    console.log(
      `\n  New password: ${result.generatedPassword}\n  (shown once; it is stored only hashed)\n`,
    );
  }
  if (result.stillDisabled) {
    console.error(
      "The account is disabled, so this password does not sign in yet. Run again with --enable to re-enable it.",
    );
  }
} catch (error) {
  if (isAppError(error)) {
    const fields = Object.values(error.fieldErrors ?? {}).flat();
    process.exitCode = 1;
    console.error(fields.length > 1 ? fields.join("\n") : error.userMessage);
  } else {
    throw error;
  }
} finally {
  await getDb().$disconnect();
  await getPool().end();
  await embedded?.stop();
}
