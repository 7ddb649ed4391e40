const integer = new Intl.NumberFormat("en-US");

/** Durations as people read them: 850 ms, 1.25 s, 2 min 5 s. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${integer.format(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(2)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${integer.format(minutes)} min ${Math.round((ms % 60_000) / 1_000)} s`;
}

/** A UTC timestamp split for a narrow column: date and time with milliseconds. */
export function utcParts(iso: string): { date: string; time: string } {
  return { date: iso.slice(0, 10), time: iso.slice(11, 23) };
}
