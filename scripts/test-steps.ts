/** Which steps `npm test -- <word>…` runs. No words: every step. */
export type StepSelection<Step> = { ok: true; steps: Step[] } | { ok: false; message: string };

/**
 * A step runs when its name contains any of the words, ignoring case. A word that matches no
 * step is refused rather than skipped: a typo must not pass as a green run of nothing, or of
 * fewer steps than were asked for.
 */
export function selectSteps<Step extends { name: string }>(
  steps: readonly Step[],
  words: readonly string[],
): StepSelection<Step> {
  const wanted = words
    .map((word) => ({ word, needle: word.trim().toLowerCase() }))
    .filter(({ needle }) => needle !== "");
  if (wanted.length === 0) return { ok: true, steps: [...steps] };

  const matches = (step: Step, needle: string) => step.name.toLowerCase().includes(needle);
  const unmatched = wanted.filter(({ needle }) => !steps.some((step) => matches(step, needle)));
  if (unmatched.length > 0) {
    const quoted = unmatched.map(({ word }) => `"${word}"`).join(", ");
    const names = steps.map((step) => `  ${step.name}`).join("\n");
    return {
      ok: false,
      message: `No test step matches ${quoted}. Give any word of a step's name; the steps are:\n${names}`,
    };
  }
  return {
    ok: true,
    steps: steps.filter((step) => wanted.some(({ needle }) => matches(step, needle))),
  };
}
