import http from "node:http";
import { CONTROL_PREFIX, controlError, handleControl, type ControlTarget } from "./control";
import {
  FaultScripts,
  stepAnswers,
  stepHeaders,
  type FaultScriptOptions,
  type FaultStep,
} from "./faults";
import { IdempotencyStore } from "./idempotency";
import type { Ledger, SimEvent } from "./ledger";
import type { SimRequest, SimResponse, SimulatorContext, SimulatorModule } from "./module";
import { flatHeaders, RequestLog, type ReceivedRequest } from "./received";
import { writeResponse } from "./responses";
import type { WebhookConfigPatch } from "./webhooks/config";
import { WebhookDispatcher } from "./webhooks/dispatcher";

export interface StartSimulatorOptions {
  /** Default 127.0.0.1: a simulator stands in for the outside world but stays on this machine. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Timestamps in `received`, the ledger, events and signatures (a test's virtual clock). */
  clock?: { now(): number };
  /** Random choices: duplicates, forgeries, shuffling, generated data. */
  random?: () => number;
  /** Where webhooks go; unset, events are logged and not delivered until a target is set. */
  webhookTarget?: string;
  /** The webhook signing secret in the simulator's format; unset, one is generated. */
  webhookSecret?: string;
  /** The rest of the webhook settings (retries, concurrency, duplicate rate, …). */
  webhooks?: WebhookConfigPatch;
  /** Keep at most this many received requests and delivery attempts (default: all). */
  historyLimit?: number;
}

export interface FaultControls {
  /** Queues steps for matching requests (all requests when no match is given); first match wins. */
  script(steps: FaultStep[], options?: FaultScriptOptions): void;
  /** The step once the scripts are used up. */
  setDefault(step: FaultStep): void;
  /** Forgets the scripts and the default. */
  reset(): void;
}

export interface WebhookControls<E extends SimEvent> {
  readonly log: WebhookDispatcher<E>["log"];
  readonly signer: WebhookDispatcher<E>["signer"];
  readonly settings: WebhookDispatcher<E>["settings"];
  configure: WebhookDispatcher<E>["configure"];
  send: WebhookDispatcher<E>["send"];
  forge: WebhookDispatcher<E>["forge"];
  drain: WebhookDispatcher<E>["drain"];
  stats: WebhookDispatcher<E>["stats"];
  withoutAutoDelivery: WebhookDispatcher<E>["withoutAutoDelivery"];
  clearLog: WebhookDispatcher<E>["clearLog"];
}

export interface RunningSimulator<E extends SimEvent = SimEvent, L extends Ledger<E> = Ledger<E>> {
  readonly name: string;
  readonly url: string;
  readonly ledger: L;
  /** Every request to the provider API (not the control endpoints), oldest first. */
  readonly received: ReceivedRequest[];
  /** Empties `received` (the same array) and numbers the next request 1 again. */
  clearReceived(): void;
  readonly faults: FaultControls;
  readonly webhooks: WebhookControls<E>;
  /** Forgets faults, received requests, the ledger, idempotency keys and the delivery log. */
  reset(): void;
  /** Stops serving and delivering; hung and kept-alive connections are closed, not waited for. */
  close(): Promise<void>;
}

function readBody(req: http.IncomingMessage, done: (body: string) => void): void {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => done(chunks.length === 0 ? "" : Buffer.concat(chunks).toString("utf8")));
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return value instanceof Promise;
}

const internalError = (error: unknown): SimResponse =>
  controlError(
    500,
    "simulator_error",
    `the simulator failed: ${error instanceof Error ? error.message : String(error)}`,
  );

export async function startSimulator<E extends SimEvent, L extends Ledger<E>>(
  module: SimulatorModule<E, L>,
  options: StartSimulatorOptions = {},
): Promise<RunningSimulator<E, L>> {
  const clock = options.clock ?? Date;
  const now = () => clock.now();
  const random = options.random ?? Math.random;
  const host = options.host ?? "127.0.0.1";
  const ledger = module.createLedger({ now });
  const faults = new FaultScripts();
  const requests = new RequestLog(options.historyLimit);
  const idempotency = new IdempotencyStore();
  const dispatcher = new WebhookDispatcher<E>({
    profile: module.webhooks,
    userAgent: `${module.displayName}-Simulator/1.0`,
    now,
    random,
    secret: options.webhookSecret,
    config: {
      ...options.webhooks,
      targetUrl: options.webhookTarget ?? options.webhooks?.targetUrl,
    },
    logLimit: options.historyLimit,
  });
  const unsubscribe = ledger.events.onAppend((event) => dispatcher.onEvent(event));
  const context: SimulatorContext<L> = {
    ledger,
    idempotency,
    now,
    random,
    withoutAutoDelivery: (work) => dispatcher.withoutAutoDelivery(work),
  };
  const hung = new Set<http.ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();
  let url = "";

  function reset(): void {
    faults.reset();
    requests.clear();
    ledger.clear();
    idempotency.clear();
    dispatcher.clearLog();
  }

  const controlTarget: ControlTarget = {
    name: module.name,
    displayName: module.displayName,
    url: () => url,
    ledger,
    faults,
    requests,
    webhooks: dispatcher,
    reset,
  };

  // A scripted header Node refuses (a bad name or value) must fail that request, not the server.
  function write(res: http.ServerResponse, response: SimResponse, extra?: Record<string, string>) {
    try {
      writeResponse(res, response, extra);
    } catch (error) {
      if (res.headersSent) res.destroy();
      else writeResponse(res, internalError(error));
    }
  }

  function send(
    res: http.ServerResponse,
    result: SimResponse | Promise<SimResponse>,
    extra?: Record<string, string>,
  ) {
    if (!isPromise(result)) {
      write(res, result, extra);
      return;
    }
    result.then(
      (response) => write(res, response, extra),
      (error: unknown) => write(res, internalError(error)),
    );
  }

  function control(res: http.ServerResponse, request: SimRequest) {
    const controlPath = request.path.slice(CONTROL_PREFIX.length) || "/";
    let result: SimResponse | Promise<SimResponse> | undefined;
    try {
      result =
        handleControl(request, controlPath, controlTarget) ??
        module.control?.({ ...request, controlPath }, context);
    } catch (error) {
      result = internalError(error);
    }
    send(
      res,
      result ??
        controlError(404, "not_found", `no control endpoint ${request.method} ${request.path}`),
    );
  }

  function provider(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    request: SimRequest,
    rawPath: string,
  ) {
    const step = faults.next(request.method, rawPath);
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
      const extra = stepHeaders(step);
      if (stepAnswers(step) && step.action !== "drop-after-commit") {
        const body = step.echo
          ? {
              ...(typeof step.body === "object" && step.body !== null ? step.body : {}),
              received: {
                method: request.method,
                path: rawPath,
                headers: request.headers,
                body: request.body,
              },
            }
          : (step.body ?? { ok: true, seq: request.seq });
        write(res, { status: step.status ?? 200, body }, extra);
        return;
      }
      let result: SimResponse | Promise<SimResponse>;
      try {
        result = module.handle(request, context);
      } catch (error) {
        result = internalError(error);
      }
      if (step.action === "drop-after-commit") {
        // The effect is in the ledger; the caller only sees the connection go.
        const drop = () => req.socket.destroy();
        void Promise.resolve(result).then(drop, drop);
        return;
      }
      send(res, result, extra);
    };
    if (step.latencyMs && step.latencyMs > 0) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        respond();
      }, step.latencyMs);
      timers.add(timer);
    } else {
      respond();
    }
  }

  const server = http.createServer((req, res) => {
    const at = now();
    readBody(req, (body) => {
      const method = (req.method ?? "GET").toUpperCase();
      const rawPath = req.url ?? "/";
      const queryAt = rawPath.indexOf("?");
      const path = queryAt === -1 ? rawPath : rawPath.slice(0, queryAt);
      const query = new URLSearchParams(queryAt === -1 ? "" : rawPath.slice(queryAt + 1));
      const headers = flatHeaders(req.headers);
      if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) {
        control(res, { method, path, query, headers, body, seq: 0, at });
        return;
      }
      const { seq } = requests.record({ at, method, path: rawPath, headers, body });
      provider(req, res, { method, path, query, headers, body, seq, at }, rawPath);
    });
  });
  server.keepAliveTimeout = 60_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    unsubscribe();
    await dispatcher.close();
    throw error;
  }
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  const webhooks: WebhookControls<E> = {
    get log() {
      return dispatcher.log;
    },
    get signer() {
      return dispatcher.signer;
    },
    get settings() {
      return dispatcher.settings;
    },
    configure: (patch) => dispatcher.configure(patch),
    send: (events, sendOptions) => dispatcher.send(events, sendOptions),
    forge: (events, forgeOptions) => dispatcher.forge(events, forgeOptions),
    drain: () => dispatcher.drain(),
    stats: () => dispatcher.stats(),
    withoutAutoDelivery: (work) => dispatcher.withoutAutoDelivery(work),
    clearLog: () => dispatcher.clearLog(),
  };

  return {
    name: module.name,
    url,
    ledger,
    received: requests.entries,
    clearReceived: () => requests.clear(),
    faults: {
      script: (steps, scriptOptions) => faults.script(steps, scriptOptions),
      setDefault: (step) => faults.setDefault(step),
      reset: () => faults.reset(),
    },
    webhooks,
    reset,
    async close() {
      unsubscribe();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      await Promise.all([
        new Promise<void>((resolve) => server.close(() => resolve())),
        dispatcher.close(),
      ]);
    },
  };
}
