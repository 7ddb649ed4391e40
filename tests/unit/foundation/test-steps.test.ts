import { describe, expect, it } from "vitest";
import { selectSteps } from "@/scripts/test-steps";

const steps = [
  { name: "lint" },
  { name: "type check" },
  { name: "unit tests" },
  { name: "integration tests on embedded PGlite" },
  { name: "integration tests on PostgreSQL" },
  { name: "end-to-end tests in Chromium" },
];
const names = (words: string[]) => {
  const selection = selectSteps(steps, words);
  return selection.ok ? selection.steps.map((step) => step.name) : selection.message;
};

describe("npm test step selection", () => {
  it("runs every step when no word is given", () => {
    expect(names([])).toEqual(steps.map((step) => step.name));
  });

  it("matches any word of a step's name, ignoring case", () => {
    expect(names(["unit"])).toEqual(["unit tests"]);
    expect(names(["PGLITE"])).toEqual(["integration tests on embedded PGlite"]);
    expect(names(["postgresql"])).toEqual(["integration tests on PostgreSQL"]);
    expect(names(["Integration"])).toEqual([
      "integration tests on embedded PGlite",
      "integration tests on PostgreSQL",
    ]);
  });

  it("runs the steps matching any of several words, in the usual order", () => {
    expect(names(["UNIT", "lint"])).toEqual(["lint", "unit tests"]);
  });

  it("refuses a word that matches no step, naming it and listing the steps", () => {
    const selection = selectSteps(steps, ["unit", "intgration"]);
    expect(selection.ok).toBe(false);
    if (selection.ok) return;
    expect(selection.message).toContain('"intgration"');
    expect(selection.message).not.toContain('"unit"');
    for (const step of steps) expect(selection.message).toContain(step.name);
  });
});
