import { readFile, rm, writeFile } from "node:fs/promises";

/**
 * PGlite opens a data directory that another process already has open without complaint, and
 * two PostgreSQL instances writing one directory corrupt it. So whoever opens the embedded
 * database first writes its pid beside the directory, and everyone else is refused while that
 * process lives.
 */
export class EmbeddedDatabaseInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly lockFile: string,
    readonly holderPid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by process ${holderPid} (a running console?). ` +
        `Stop it first. If no such process is yours, delete ${lockFile}.`,
    );
    this.name = "EmbeddedDatabaseInUseError";
  }
}

/** Lock files this process holds: after a container restart our pid can be the old holder's. */
const heldHere = new Set<string>();

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return error instanceof Error && "code" in error && error.code === "EPERM";
  }
}

function isAlreadyExists(error: unknown) {
  return error instanceof Error && "code" in error && error.code === "EEXIST";
}

/** Takes the lock for `dataDir`, or throws EmbeddedDatabaseInUseError; returns its release. */
export async function lockEmbeddedDatabase(dataDir: string): Promise<() => Promise<void>> {
  const lockFile = `${dataDir}.lock`;
  // Two rounds: the second follows removing a lock whose process died without releasing it.
  for (let round = 0; round < 2; round++) {
    try {
      await writeFile(lockFile, `${process.pid}\n`, { flag: "wx" });
      heldHere.add(lockFile);
      return async () => {
        heldHere.delete(lockFile);
        await rm(lockFile, { force: true });
      };
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
    }
    const holderPid = Number.parseInt(await readFile(lockFile, "utf8").catch(() => ""), 10);
    const stale =
      !Number.isSafeInteger(holderPid) ||
      holderPid <= 0 ||
      (holderPid === process.pid ? !heldHere.has(lockFile) : !isAlive(holderPid));
    if (!stale) throw new EmbeddedDatabaseInUseError(dataDir, lockFile, holderPid);
    await rm(lockFile, { force: true });
  }
  throw new Error(`Could not take the lock ${lockFile}: another process keeps recreating it.`);
}
