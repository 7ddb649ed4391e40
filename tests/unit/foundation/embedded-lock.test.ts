import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EmbeddedDatabaseInUseError, lockEmbeddedDatabase } from "@/lib/db/embedded-lock";

async function freshDataDir() {
  return path.join(await mkdtemp(path.join(tmpdir(), "embedded-lock-")), "pglite");
}

describe("embedded database lock", () => {
  it("refuses a second opener while the first holds the directory, and frees it on release", async () => {
    const dataDir = await freshDataDir();
    const release = await lockEmbeddedDatabase(dataDir);
    const refused = await lockEmbeddedDatabase(dataDir).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(EmbeddedDatabaseInUseError);
    expect(String(refused)).toContain(String(process.pid));
    await release();
    const again = await lockEmbeddedDatabase(dataDir);
    await again();
  });

  it("refuses while another live process holds the lock", async () => {
    const dataDir = await freshDataDir();
    await writeFile(`${dataDir}.lock`, `${process.ppid}\n`);
    await expect(lockEmbeddedDatabase(dataDir)).rejects.toBeInstanceOf(EmbeddedDatabaseInUseError);
  });

  it("takes over a lock left by a process that died, or by this pid in an earlier life", async () => {
    const dead = spawnSync(process.execPath, ["-e", ""]).pid;
    for (const holder of [dead, process.pid]) {
      const dataDir = await freshDataDir();
      await writeFile(`${dataDir}.lock`, `${holder}\n`);
      const release = await lockEmbeddedDatabase(dataDir);
      expect(await readFile(`${dataDir}.lock`, "utf8")).toBe(`${process.pid}\n`);
      await release();
    }
  });
});
