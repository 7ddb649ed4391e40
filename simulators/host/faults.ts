/**
 * Scripted faults: each request to a simulator takes the next step of the first script that
 * matches it, or the default step once the scripts are used up. Pure, so the rules are unit-tested
 * without a server.
 */
export type FaultAction = "reset" | "hang" | "drop-after-commit";

export interface FaultStep {
  /** With status, body or echo the step is the whole answer: the simulator's routes do not run. */
  status?: number;
  /** JSON body; default { ok: true, seq }. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long (real milliseconds) before answering. */
  latencyMs?: number;
  /** Retry-After as seconds, or as an HTTP-date when given a Date. */
  retryAfter?: number | Date;
  /** X-RateLimit-Limit / -Remaining / -Reset. */
  rateLimit?: { limit: number; remaining: number; reset: number };
  /**
   * "reset" destroys the connection and "hang" never answers, both before the request has any
   * effect. "drop-after-commit" lets the simulator apply the request (its ledger changes, its
   * events are emitted) and then destroys the connection instead of answering.
   */
  action?: FaultAction;
  /** Put the received request (method, path, headers, body) into the response body. */
  echo?: boolean;
}

export interface FaultScriptOptions {
  method?: string;
  /** A string matches the path without its query; a RegExp is tested against the whole path. */
  path?: string | RegExp;
  /** Keep answering with the last step instead of falling back to the default. */
  repeatLast?: boolean;
}

export interface FaultScript {
  method?: string;
  path?: string | RegExp;
  steps: FaultStep[];
  repeatLast: boolean;
}

export function scriptMatches(script: FaultScript, method: string, path: string): boolean {
  if (script.method && script.method.toUpperCase() !== method) return false;
  if (script.path === undefined) return true;
  const bare = path.split("?")[0] ?? path;
  return typeof script.path === "string" ? script.path === bare : script.path.test(path);
}

/** True when the step answers by itself instead of the simulator's routes. */
export function stepAnswers(step: FaultStep): boolean {
  return step.status !== undefined || step.body !== undefined || step.echo === true;
}

/** The headers a step adds to whatever answers (its own answer or the simulator's). */
export function stepHeaders(step: FaultStep): Record<string, string> {
  const out: Record<string, string> = { ...step.headers };
  if (step.retryAfter !== undefined) {
    out["retry-after"] =
      step.retryAfter instanceof Date ? step.retryAfter.toUTCString() : String(step.retryAfter);
  }
  if (step.rateLimit) {
    out["x-ratelimit-limit"] = String(step.rateLimit.limit);
    out["x-ratelimit-remaining"] = String(step.rateLimit.remaining);
    out["x-ratelimit-reset"] = String(step.rateLimit.reset);
  }
  return out;
}

export class FaultScripts {
  private scripts: FaultScript[] = [];
  private fallback: FaultStep = {};

  /** Queues steps for matching requests (all requests when no match is given); first match wins. */
  script(steps: readonly FaultStep[], options: FaultScriptOptions = {}): void {
    this.scripts.push({
      method: options.method,
      path: options.path,
      steps: [...steps],
      repeatLast: options.repeatLast ?? false,
    });
  }

  /** The step once the scripts are used up. */
  setDefault(step: FaultStep): void {
    this.fallback = step;
  }

  /** Forgets the scripts and the default. */
  reset(): void {
    this.scripts = [];
    this.fallback = {};
  }

  next(method: string, path: string): FaultStep {
    for (const script of this.scripts) {
      if (script.steps.length === 0 || !scriptMatches(script, method, path)) continue;
      if (script.steps.length === 1 && script.repeatLast) return script.steps[0] ?? this.fallback;
      return script.steps.shift() ?? this.fallback;
    }
    return this.fallback;
  }

  /** What is left to answer, for the control endpoint and for debugging a test. */
  describe(): { scripts: FaultScript[]; default: FaultStep } {
    return {
      scripts: this.scripts
        .filter((script) => script.steps.length > 0)
        .map((script) => ({ ...script, steps: [...script.steps] })),
      default: this.fallback,
    };
  }
}
