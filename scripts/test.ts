// `npm test`: every tier, in order of speed, stopping at the first failure.
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(root, "node_modules/.bin", name);

const steps: { name: string; command: string; args: string[]; env?: Record<string, string> }[] = [
  { name: "lint", command: bin("eslint"), args: ["--max-warnings", "0", "."] },
  { name: "type check", command: bin("tsc"), args: ["--noEmit", "-p", "."] },
  { name: "unit tests", command: bin("vitest"), args: ["run", "--project", "unit"] },
  { name: "integration tests on embedded PGlite", command: bin("vitest"), args: ["run", "--project", "integration"], env: { TEST_DATABASE: "pglite" } },
  {
    name: "integration tests on PostgreSQL",
    command: bin("vitest"),
    args: ["run", "--project", "integration"],
    env: { TEST_DATABASE: "postgres" },
  },
  { name: "end-to-end tests in Chromium", command: bin("playwright"), args: ["test"] },
];

const only = process.argv.slice(2);
const summary: string[] = [];
for (const step of steps) {
  if (only.length && !only.some((word) => step.name.includes(word))) continue;
  const started = Date.now();
  console.log(`\n=== ${step.name} ===`);
  const result = spawnSync(step.command, step.args, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_NO_WARNINGS: "1", ...step.env },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  summary.push(`${result.status === 0 ? "ok  " : "FAIL"} ${step.name} (${seconds} s)`);
  if (result.status !== 0) {
    console.log(`\n${summary.join("\n")}`);
    process.exit(result.status ?? 1);
  }
}
console.log(`\n${summary.join("\n")}`);
