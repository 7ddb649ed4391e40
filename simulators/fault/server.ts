import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A fault-injecting HTTP server for tests: each request takes the next scripted step (status,
 * latency, Retry-After, rate-limit headers, a reset connection, or no answer at all), and every
 * request is recorded with its timestamp and headers so tests can assert on the provider's side.
 */
export interface FaultStep {
  /** Default 200. */
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
  /** "reset" destroys the connection; "hang" never answers. */
  action?: "reset" | "hang";
  /** Put the received request (method, path, headers, body) into the response body. */
  echo?: boolean;
}

export interface ReceivedRequest {
  seq: number;
  /** On the simulator's clock (the test's virtual clock when one is given). */
  at: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

interface Script {
  method?: string;
  path?: string | RegExp;
  steps: FaultStep[];
  repeatLast: boolean;
}

export interface FaultSimulator {
  readonly url: string;
  readonly received: ReceivedRequest[];
  /** Queues steps for matching requests (all requests when no match is given); first match wins. */
  script(
    steps: FaultStep[],
    options?: { method?: string; path?: string | RegExp; repeatLast?: boolean },
  ): void;
  /** The answer once the scripts are used up. */
  setDefault(step: FaultStep): void;
  /** Forgets scripts, the default and what was received. */
  reset(): void;
  close(): Promise<void>;
}

function matches(script: Script, method: string, path: string): boolean {
  if (script.method && script.method.toUpperCase() !== method) return false;
  if (script.path === undefined) return true;
  const bare = path.split("?")[0] ?? path;
  return typeof script.path === "string" ? script.path === bare : script.path.test(path);
}

function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

export async function startFaultSimulator(
  options: { clock?: { now(): number }; host?: string } = {},
): Promise<FaultSimulator> {
  const now = () => (options.clock ?? Date).now();
  let scripts: Script[] = [];
  let fallback: FaultStep = {};
  const received: ReceivedRequest[] = [];
  const hung = new Set<http.ServerResponse>();

  function nextStep(method: string, path: string): FaultStep {
    for (const script of scripts) {
      if (!matches(script, method, path) || script.steps.length === 0) continue;
      if (script.steps.length === 1 && script.repeatLast) return script.steps[0] ?? fallback;
      return script.steps.shift() ?? fallback;
    }
    return fallback;
  }

  const server = http.createServer((req, res) => {
    const at = now();
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const method = (req.method ?? "GET").toUpperCase();
      const path = req.url ?? "/";
      const body = Buffer.concat(chunks).toString("utf8");
      const headers = flatHeaders(req.headers);
      const seq = received.length + 1;
      received.push({ seq, at, method, path, headers, body });
      const step = nextStep(method, path);
      const respond = () => {
        if (step.action === "reset") {
          req.socket.destroy();
          return;
        }
        if (step.action === "hang") {
          hung.add(res);
          res.on("close", () => hung.delete(res));
          return;
        }
        const out: Record<string, string> = { "content-type": "application/json", ...step.headers };
        if (step.retryAfter !== undefined) {
          out["retry-after"] =
            step.retryAfter instanceof Date
              ? step.retryAfter.toUTCString()
              : String(step.retryAfter);
        }
        if (step.rateLimit) {
          out["x-ratelimit-limit"] = String(step.rateLimit.limit);
          out["x-ratelimit-remaining"] = String(step.rateLimit.remaining);
          out["x-ratelimit-reset"] = String(step.rateLimit.reset);
        }
        const payload = step.echo
          ? {
              ...(typeof step.body === "object" && step.body !== null ? step.body : {}),
              received: { method, path, headers, body },
            }
          : (step.body ?? { ok: true, seq });
        res.writeHead(step.status ?? 200, out);
        res.end(JSON.stringify(payload));
      };
      if (step.latencyMs && step.latencyMs > 0) setTimeout(respond, step.latencyMs);
      else respond();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, options.host ?? "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;

  return {
    url: `http://${options.host ?? "127.0.0.1"}:${address.port}`,
    received,
    script(steps, scriptOptions = {}) {
      scripts.push({
        method: scriptOptions.method,
        path: scriptOptions.path,
        steps: [...steps],
        repeatLast: scriptOptions.repeatLast ?? false,
      });
    },
    setDefault(step) {
      fallback = step;
    },
    reset() {
      scripts = [];
      fallback = {};
      received.length = 0;
    },
    async close() {
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
