import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../../../..");

export interface WorkerProcess {
  child: ChildProcess;
  /** Parsed JSON log lines so far. */
  logs: Record<string, unknown>[];
  ready: Promise<void>;
  exited: Promise<number | null>;
}

/** `npm run worker` as its own process, with the given extra environment. */
export function startWorker(env: Record<string, string>): WorkerProcess {
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(root, "scripts/worker.ts")],
    {
      cwd: root,
      env: { ...process.env, NODE_NO_WARNINGS: "1", LOG_LEVEL: "info", ...env },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const logs: Record<string, unknown>[] = [];
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  let pending = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      try {
        const parsed: unknown = JSON.parse(line);
        if (parsed && typeof parsed === "object") {
          const entry = Object.fromEntries(Object.entries(parsed));
          logs.push(entry);
          if (entry.msg === "worker started") markReady();
        }
      } catch {
        // Not a log line.
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, logs, ready, exited };
}
