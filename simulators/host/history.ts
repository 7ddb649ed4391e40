/**
 * Appends to a log kept for tests, dropping the oldest entries in chunks once it passes `limit`,
 * so that a simulator left running under `npm start` does not grow without bound.
 */
export function appendBounded<T>(entries: T[], entry: T, limit: number): void {
  entries.push(entry);
  if (entries.length > limit + Math.max(1, Math.floor(limit / 10))) {
    entries.splice(0, entries.length - limit);
  }
}
