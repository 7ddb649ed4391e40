import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { providerModules } from "@/lib/integrations/providers/registry";

const root = path.resolve(import.meta.dirname, "../../..");

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, dir))) {
    const relative = path.join(dir, entry);
    if (entry === "generated" || entry === "node_modules") continue;
    if (statSync(path.join(root, relative)).isDirectory()) out.push(...sourceFiles(relative));
    else if (/\.(ts|tsx)$/.test(entry)) out.push(relative);
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(path.join(root, file), "utf8");
  const specifiers = /\bfrom\s+["']([^"']+)["']|\bimport\s*\(?\s*["']([^"']+)["']/g;
  return [...text.matchAll(specifiers)].map((match) => match[1] ?? match[2] ?? "");
}

/** Strips comments and JSX text so only code is searched (user-facing copy may name providers). */
function codeOf(file: string): string {
  return readFileSync(path.join(root, file), "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\/\/.*$/gm, "");
}

describe("architecture boundaries", () => {
  it("keeps the integration core free of auth, audit and provider modules", () => {
    const offenders = sourceFiles("lib/integrations/core").flatMap((file) =>
      importsOf(file)
        .filter((target) => /lib\/(auth|audit)\b|integrations\/providers|\.\.\/providers/.test(target))
        .map((target) => `${file} imports ${target}`),
    );
    expect(offenders).toEqual([]);
  });

  it("branches on a provider's name only inside its module and the registry", () => {
    const names = providerModules.map((module) => module.name);
    const pattern = new RegExp(`["'\`](${names.join("|")})["'\`]`);
    const outside = ["app", "components", "lib", "scripts", "proxy.ts", "instrumentation.ts"]
      .flatMap((entry) => (entry.endsWith(".ts") ? [entry] : sourceFiles(entry)))
      .filter((file) => !file.startsWith(path.join("lib", "integrations", "providers")));
    const offenders = outside.filter((file) => pattern.test(codeOf(file)));
    expect(offenders).toEqual([]);
  });

  it("gives every built-in provider its own folder with an index, and a unique name", () => {
    const names = providerModules.map((module) => module.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(statSync(path.join(root, "lib/integrations/providers", name, "index.ts")).isFile()).toBe(true);
    }
  });
});
