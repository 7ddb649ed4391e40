// Child processes of the benchmark: started in their own process group so that a server and
// whatever it spawned (npm → tsx → next → next-server) stop together, and measured through /proc.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { createWriteStream } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { createServer } from "node:net";

export interface Child {
  name: string;
  process: ChildProcess;
  logFile: string;
  exited: Promise<number | null>;
}

const children = new Set<Child>();

/** Starts `command` in a new process group, its output to `logFile` (printed if it fails). */
export function startChild(
  name: string,
  command: string,
  args: string[],
  options: SpawnOptions & { logFile: string },
): Child {
  const log = createWriteStream(options.logFile);
  const child = spawn(command, args, {
    ...options,
    detached: true,
    stdio: options.stdio ?? ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const entry: Child = { name, process: child, logFile: options.logFile, exited };
  children.add(entry);
  void exited.then(() => children.delete(entry));
  return entry;
}

function signalGroup(child: Child, signal: NodeJS.Signals) {
  const pid = child.process.pid;
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** SIGTERM to the child's whole group, SIGKILL after `graceMs` if anything of it is still there. */
export async function stopChild(child: Child, graceMs = 10_000): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) {
    signalGroup(child, "SIGKILL");
    return;
  }
  signalGroup(child, "SIGTERM");
  const timer = setTimeout(() => signalGroup(child, "SIGKILL"), graceMs);
  await child.exited;
  clearTimeout(timer);
  // A grandchild that ignored SIGTERM (or outlived its parent) must not keep a port or the database.
  signalGroup(child, "SIGKILL");
}

export async function stopAllChildren(): Promise<void> {
  await Promise.all([...children].map((child) => stopChild(child)));
}

/** A port that was free a moment ago, for servers that must be told their port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("no port"));
      });
    });
  });
}

/** Polls `probe` until it returns true, failing early if the child exits. */
export async function waitUntil(
  child: Child,
  probe: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  let exited = false;
  void child.exited.then(() => (exited = true));
  while (Date.now() < until) {
    if (exited) throw new Error(`${child.name} exited before it was ready; see ${child.logFile}`);
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${child.name} was not ready after ${timeoutMs / 1000} s; see ${child.logFile}`);
}

const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux

async function processTable(): Promise<Map<number, { ppid: number; cpuMs: number; comm: string }>> {
  const table = new Map<number, { ppid: number; cpuMs: number; comm: string }>();
  for (const entry of await readdir("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => null);
    if (!stat) continue;
    // The command name is in parentheses and may itself contain spaces or parentheses.
    const close = stat.lastIndexOf(")");
    const comm = stat.slice(stat.indexOf("(") + 1, close);
    const fields = stat.slice(close + 2).split(" ");
    // After the name: state ppid … utime (12th) stime (13th), counted from state as 0.
    table.set(pid, {
      ppid: Number(fields[1]),
      cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS,
      comm,
    });
  }
  return table;
}

/** CPU time (user + system, ms) of each process in the tree under `rootPid`, itself included. */
export async function treeCpu(rootPid: number): Promise<Map<number, number>> {
  const table = await processTable();
  const result = new Map<number, number>();
  const visit = (pid: number) => {
    const row = table.get(pid);
    if (!row) return;
    result.set(pid, row.cpuMs);
    for (const [child, info] of table) if (info.ppid === pid) visit(child);
  };
  visit(rootPid);
  return result;
}

/** CPU time (ms) of the given processes, e.g. the PostgreSQL backends serving one database. */
export async function pidsCpu(pids: readonly number[]): Promise<Map<number, number>> {
  const table = await processTable();
  const result = new Map<number, number>();
  for (const pid of pids) {
    const row = table.get(pid);
    if (row) result.set(pid, row.cpuMs);
  }
  return result;
}

/** The CPU used between two samples; a process that appeared in between counts from zero. */
export function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, cpu] of after) total += cpu - (before.get(pid) ?? 0);
  return total;
}

/** The process in the tree whose command name starts with `prefix` (e.g. "next-server"). */
export async function findInTree(rootPid: number, prefix: string): Promise<number | undefined> {
  const table = await processTable();
  const tree = await treeCpu(rootPid);
  for (const pid of tree.keys()) if (table.get(pid)?.comm.startsWith(prefix)) return pid;
  return undefined;
}
