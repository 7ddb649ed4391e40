import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { projectRoot } from "../lib/db/paths";

const INPUTS = [
  "app",
  "components",
  "lib",
  "simulators",
  "public",
  "types",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
  "prisma/schema.prisma",
];

async function collect(relative: string, out: string[]) {
  const absolute = path.join(projectRoot, relative);
  const entries = await readdir(absolute, { withFileTypes: true }).catch(() => null);
  if (!entries) {
    out.push(relative);
    return;
  }
  for (const entry of entries) await collect(path.join(relative, entry.name), out);
}

/** A digest of everything the production build depends on, to skip rebuilding when unchanged. */
export async function sourceHash(): Promise<string> {
  const files: string[] = [];
  for (const input of INPUTS) await collect(input, files);
  const hash = createHash("sha256");
  for (const file of files.sort()) {
    hash.update(file);
    hash.update(await readFile(path.join(projectRoot, file)).catch(() => Buffer.alloc(0)));
  }
  return hash.digest("hex");
}
