/**
 * Matches "/v1/objects/:id"-style patterns. Small on purpose: a simulator has a handful of routes
 * and the host must stay fast on the benchmark's path.
 */
export type RouteParams = Record<string, string>;

export interface Route<H> {
  method: string;
  segments: string[];
  handler: H;
}

export function route<H>(method: string, pattern: string, handler: H): Route<H> {
  return { method: method.toUpperCase(), segments: pattern.split("/").filter(Boolean), handler };
}

export type RouteMatch<H> =
  | { kind: "found"; handler: H; params: RouteParams }
  | { kind: "method-not-allowed"; allowed: string[] }
  | { kind: "none" };

function safeDecode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

function matchSegments(segments: string[], parts: string[]): RouteParams | null {
  if (segments.length !== parts.length) return null;
  const params: RouteParams = {};
  for (let index = 0; index < segments.length; index += 1) {
    const segment = segments[index] ?? "";
    const part = parts[index] ?? "";
    if (segment.startsWith(":")) {
      if (part === "") return null;
      const value = safeDecode(part);
      if (value === null) return null;
      params[segment.slice(1)] = value;
    } else if (segment !== part) {
      return null;
    }
  }
  return params;
}

export function matchRoute<H>(
  routes: readonly Route<H>[],
  method: string,
  path: string,
): RouteMatch<H> {
  const parts = path.split("/").filter(Boolean);
  const allowed: string[] = [];
  for (const candidate of routes) {
    const params = matchSegments(candidate.segments, parts);
    if (!params) continue;
    if (candidate.method === method) return { kind: "found", handler: candidate.handler, params };
    allowed.push(candidate.method);
  }
  return allowed.length > 0 ? { kind: "method-not-allowed", allowed } : { kind: "none" };
}
