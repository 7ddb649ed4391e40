import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../../..");

function files(dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((entry) => {
    const relative = path.join(dir, entry);
    if (entry === "generated" || entry === "node_modules") return [];
    if (statSync(path.join(root, relative)).isDirectory()) return files(relative);
    return /\.(ts|tsx)$/.test(entry) ? [relative] : [];
  });
}

describe("the audit log cannot be edited from the console", () => {
  it("has route handlers that only read", () => {
    for (const file of files("app/api/audit-log")) {
      const source = readFileSync(path.join(root, file), "utf8");
      expect(source, file).not.toMatch(
        /export\s+(const|async function|function)\s+(POST|PUT|PATCH|DELETE)\b/,
      );
    }
  });

  it("has no code that updates or deletes audit rows (only the folding upsert raises a count)", () => {
    const offenders = ["app", "lib", "components", "scripts"]
      .flatMap(files)
      .filter((file) =>
        /auditLog\s*\.\s*(update|updateMany|delete|deleteMany)\b|(UPDATE|DELETE\s+FROM)\s+"AuditLog"/i.test(
          readFileSync(path.join(root, file), "utf8"),
        ),
      );
    expect(offenders).toEqual([]);
  });
});
