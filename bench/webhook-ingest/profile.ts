// Where a server's CPU goes, from a V8 CPU profile (--cpu-prof): samples inside the measured
// window only, each charged to the library or project file of its innermost frame, found through
// the build's source maps (Next.js bundles the app into .next/server chunks).
import { readdir, readFile } from "node:fs/promises";
import { SourceMap } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const projectRoot = path.resolve(import.meta.dirname, "../..");

/** Packages by what they do here: the name after the last node_modules/ in a file's path. */
const PACKAGES: [string, RegExp][] = [
  [
    "signature check (standardwebhooks, fast-sha256)",
    /^(standardwebhooks|fast-sha256|@stablelib\/.*)$/,
  ],
  ["session token (next-auth/jwt, jose)", /^(@auth\/core|next-auth|jose|@panva\/hkdf)$/],
  ["zod", /^zod$/],
  ["Prisma client, query compiler and adapter", /^(@prisma\/.*|prisma)$/],
  ["pg-boss", /^pg-boss$/],
  ["pg driver", /^(pg|pg-.*|postgres-.*)$/],
  ["pino logging", /^(pino.*|sonic-boom|thread-stream|fast-redact)$/],
  ["Next.js tracing (@opentelemetry/api)", /^@opentelemetry\/api$/],
  ["Next.js server, router and route runtime", /^next$/],
  ["React", /^(react|react-dom|scheduler)$/],
];

/** Project files by folder, relative to the repository root. */
const PROJECT: [string, RegExp][] = [
  ["Prisma client, query compiler and adapter", /^lib\/db\/generated\//],
  ["project: proxy.ts", /^proxy\.ts$/],
  ["project: lib/webhooks", /^lib\/webhooks\//],
  ["project: lib/jobs", /^lib\/jobs\//],
  ["project: lib/integrations (provider lookup, verifier)", /^lib\/integrations\//],
  ["project: lib/db", /^lib\/db\//],
  ["bench handler (verify-and-insert)", /^bench\//],
  ["project: other", /./],
];

/**
 * Sources a bundled library's own source map names relative to itself, which no longer resolve
 * once Turbopack has composed the maps: told apart by their paths.
 */
const UNRESOLVED: [string, RegExp][] = [
  [
    "Next.js server, router and route runtime",
    /webpack:\/\/next\/|(^|\/)src\/(server|shared|build|lib|client)\//,
  ],
  [
    "Prisma client, query compiler and adapter",
    /prisma|client-engine-runtime|src\/runtime\/|query-interpreter|transaction-manager/i,
  ],
];

function packageOf(file: string): string | null {
  const at = file.lastIndexOf("node_modules/");
  if (at < 0) return null;
  const [scope, name] = file.slice(at + "node_modules/".length).split("/");
  if (!scope) return null;
  return scope.startsWith("@") && name ? `${scope}/${name}` : scope;
}

function bucketOfFile(file: string): string | null {
  const name = packageOf(file);
  if (name) {
    for (const [bucket, pattern] of PACKAGES) if (pattern.test(name)) return bucket;
    return `other packages (${name})`;
  }
  const relative = path.relative(projectRoot, file);
  if (relative.startsWith("..") || path.isAbsolute(relative) || relative.startsWith(".next"))
    return null;
  for (const [bucket, pattern] of PROJECT) if (pattern.test(relative)) return bucket;
  return null;
}

const mapCache = new Map<string, SourceMap | null>();
async function sourceMap(url: string): Promise<SourceMap | null> {
  if (!mapCache.has(url)) {
    let map: SourceMap | null = null;
    if (url.startsWith("file://") && url.endsWith(".js")) {
      const file = fileURLToPath(url);
      const payload = await readFile(`${file}.map`, "utf8").catch(() => null);
      if (payload) {
        try {
          map = new SourceMap(JSON.parse(payload) as ConstructorParameters<typeof SourceMap>[0]);
        } catch {
          map = null;
        }
      }
    }
    mapCache.set(url, map);
  }
  return mapCache.get(url) ?? null;
}

async function ownBucket(frame: CallFrame): Promise<string | null> {
  if (frame.functionName === "(idle)") return "(idle)";
  if (frame.functionName === "(garbage collector)") return "garbage collector";
  if (frame.functionName === "(program)") return "(program: V8 and native, unattributed)";
  if (frame.functionName === "(root)") return null;
  // A builtin or native function (JSON.parse, a regexp, a socket write, crypto): its caller's.
  if (frame.url === "") return null;
  // Node's own modules: charged to whoever called them (see bucketOfNode), or Node core.
  if (frame.url.startsWith("node:")) return null;
  if (frame.url.startsWith("wasm://")) return "Prisma client, query compiler and adapter";
  if (frame.url.startsWith("turbopack://")) return "Next.js server, router and route runtime";
  if (!frame.url.startsWith("file://")) return `other: ${frame.url.slice(-60)}`;
  const generated = fileURLToPath(frame.url);
  // Outside the build output a file is what its path says; a chunk of .next mixes many sources.
  const direct = generated.includes("/.next/") ? null : bucketOfFile(generated);
  if (direct) return direct;
  let source: string | null = null;
  const map = await sourceMap(frame.url);
  if (map) {
    const entry = map.findEntry(frame.lineNumber, frame.columnNumber);
    if ("originalSource" in entry && entry.originalSource) source = entry.originalSource;
  }
  if (!source) return `other: ${path.relative(projectRoot, generated)}`;
  try {
    source = decodeURIComponent(source);
  } catch {
    // Not %-encoded after all.
  }
  const resolved = source.includes("://")
    ? null
    : bucketOfFile(path.resolve(path.dirname(generated), source));
  if (resolved) return resolved;
  // Turbopack's module runtime, bundled into every chunk.
  if (source.startsWith("turbopack:///[turbopack]"))
    return "Next.js server, router and route runtime";
  for (const [bucket, pattern] of UNRESOLVED) if (pattern.test(source)) return bucket;
  return `other: ${source.slice(-60)}`;
}

export interface ProfileSummary {
  file: string;
  busyMs: number;
  idleMs: number;
  buckets: Map<string, number>;
}

/**
 * Summarises the profile in `dir` with the most busy time inside [fromUs, toUs] (CLOCK_MONOTONIC
 * microseconds, the clock V8 stamps profiles with and process.hrtime reads).
 */
export async function summariseProfiles(
  dir: string,
  fromUs: number,
  toUs: number,
): Promise<ProfileSummary | null> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((name) =>
    name.endsWith(".cpuprofile"),
  );
  let best: ProfileSummary | null = null;
  for (const name of files) {
    const profile = JSON.parse(await readFile(path.join(dir, name), "utf8")) as CpuProfile;
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    const perNode = new Map<number, number>();
    let time = profile.startTime;
    for (let index = 0; index < profile.samples.length; index++) {
      const delta = profile.timeDeltas[index] ?? 0;
      time += delta;
      if (time < fromUs || time > toUs) continue;
      const id = profile.samples[index] ?? -1;
      perNode.set(id, (perNode.get(id) ?? 0) + delta / 1000);
    }
    const parents = new Map<number, number>();
    for (const node of profile.nodes)
      for (const child of node.children ?? []) parents.set(child, node.id);
    // Charged to the nearest frame of a library or project file: a builtin, or Node's own code
    // (a socket write, a web stream, a Headers object), counts for the code that called it. What
    // no such frame called (the HTTP parser, socket reads, timers firing) stays Node core.
    const bucketOfNode = async (id: number): Promise<string> => {
      for (
        let current: number | undefined = id;
        current !== undefined;
        current = parents.get(current)
      ) {
        const node = nodes.get(current);
        const bucket = node ? await ownBucket(node.callFrame) : null;
        if (bucket) return bucket;
      }
      return "Node core: HTTP parsing, socket reads, timers";
    };
    const buckets = new Map<string, number>();
    for (const [id, ms] of perNode) {
      const bucket = await bucketOfNode(id);
      buckets.set(bucket, (buckets.get(bucket) ?? 0) + ms);
    }
    const idleMs = buckets.get("(idle)") ?? 0;
    buckets.delete("(idle)");
    const busyMs = [...buckets.values()].reduce((sum, ms) => sum + ms, 0);
    if (!best || busyMs > best.busyMs) best = { file: name, busyMs, idleMs, buckets };
  }
  return best;
}

// `tsx bench/webhook-ingest/profile.ts <dir with .cpuprofile files>`: the same summary over each
// whole profile, for profiles kept with BENCH_KEEP=1.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.argv[2] ?? ".";
  const summary = await summariseProfiles(dir, 0, Number.MAX_SAFE_INTEGER);
  if (!summary) throw new Error(`no .cpuprofile in ${dir}`);
  console.log(
    `${summary.file}: busy ${summary.busyMs.toFixed(0)} ms, idle ${summary.idleMs.toFixed(0)} ms`,
  );
  for (const [bucket, ms] of [...summary.buckets].sort((a, b) => b[1] - a[1]))
    console.log(`  ${bucket.padEnd(60)}${ms.toFixed(0).padStart(8)} ms`);
}
