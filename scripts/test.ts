// `npm test`: every tier, in order of speed, stopping at the first failure.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { z } from "zod";
import { selectSteps } from "./test-steps";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(root, "node_modules/.bin", name);

const reports = mkdtempSync(path.join(tmpdir(), "test-reports-"));
const vitestReport = (name: string) => [
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${path.join(reports, `${name}.json`)}`,
];

const steps: {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  report?: string;
}[] = [
  { name: "lint", command: bin("eslint"), args: ["--max-warnings", "0", "."] },
  { name: "lint: formatting (Prettier)", command: bin("prettier"), args: ["--check", "."] },
  { name: "type check", command: bin("tsc"), args: ["--noEmit", "-p", "."] },
  {
    name: "unit tests",
    command: bin("vitest"),
    args: ["run", "--project", "unit", ...vitestReport("unit")],
    report: "unit",
  },
  {
    name: "integration tests on embedded PGlite",
    command: bin("vitest"),
    args: ["run", "--project", "integration", ...vitestReport("pglite")],
    env: { TEST_DATABASE: "pglite" },
    report: "pglite",
  },
  {
    name: "integration tests on PostgreSQL",
    command: bin("vitest"),
    args: ["run", "--project", "integration", ...vitestReport("postgres")],
    env: { TEST_DATABASE: "postgres" },
    report: "postgres",
  },
  {
    name: "end-to-end (e2e) tests in Chromium",
    command: bin("playwright"),
    args: ["test", "--reporter=list,json"],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(reports, "e2e.json") },
    report: "e2e",
  },
];

const vitestCounts = z.object({
  numPassedTests: z.number(),
  numFailedTests: z.number(),
  numPendingTests: z.number(),
});
const playwrightCounts = z.object({
  stats: z.object({
    expected: z.number(),
    unexpected: z.number(),
    skipped: z.number(),
    flaky: z.number(),
  }),
});
const totals = { passed: 0, failed: 0, skipped: 0 };

function addCounts(report: string) {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path.join(reports, `${report}.json`), "utf8"));
  } catch {
    return;
  }
  const fromVitest = vitestCounts.safeParse(json);
  if (fromVitest.success) {
    totals.passed += fromVitest.data.numPassedTests;
    totals.failed += fromVitest.data.numFailedTests;
    totals.skipped += fromVitest.data.numPendingTests;
  }
  const fromPlaywright = playwrightCounts.safeParse(json);
  if (fromPlaywright.success) {
    const { stats } = fromPlaywright.data;
    totals.passed += stats.expected + stats.flaky;
    totals.failed += stats.unexpected;
    totals.skipped += stats.skipped;
  }
}

function finish(code: number): never {
  console.log(`\n${summary.join("\n")}`);
  console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exit(code);
}

const selection = selectSteps(steps, process.argv.slice(2));
if (!selection.ok) {
  console.error(selection.message);
  process.exit(2);
}
const summary: string[] = [];
for (const step of selection.steps) {
  const started = Date.now();
  console.log(`\n=== ${step.name} ===`);
  const result = spawnSync(step.command, step.args, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_NO_WARNINGS: "1", ...step.env },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (step.report) addCounts(step.report);
  summary.push(`${result.status === 0 ? "ok  " : "FAIL"} ${step.name} (${seconds} s)`);
  if (result.status !== 0) finish(result.status ?? 1);
}
finish(0);
