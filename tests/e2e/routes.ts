import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export interface DiscoveredRoute {
  kind: "page" | "api";
  /** "/users/:param" */
  pattern: string;
  method: string;
  key: string;
}

export interface DiscoveredAction {
  name: string;
  file: string;
  key: string;
}

const appDir = path.resolve(import.meta.dirname, "../../app");

function walk(dir: string, visit: (file: string) => void) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, visit);
    else visit(full);
  }
}

function urlPattern(dir: string) {
  return (
    "/" +
    path
      .relative(appDir, dir)
      .split(path.sep)
      .filter((segment) => segment && !/^\(.*\)$/.test(segment))
      .map((segment) => (segment.startsWith("[") ? ":param" : segment))
      .join("/")
  );
}

/** Every page and route handler method in app/, read from the files at test time. */
export function discoverRoutes(): DiscoveredRoute[] {
  const routes: DiscoveredRoute[] = [];
  walk(appDir, (file) => {
    const name = path.basename(file);
    const pattern = urlPattern(path.dirname(file));
    if (name === "page.tsx")
      routes.push({ kind: "page", pattern, method: "GET", key: `GET ${pattern}` });
    if (name === "route.ts") {
      const source = readFileSync(file, "utf8");
      const methods = new Set<string>();
      for (const match of source.matchAll(
        /export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g,
      ))
        methods.add(match[1] ?? "");
      for (const match of source.matchAll(/export (?:const )?\{([^}]*)\}/g)) {
        for (const part of (match[1] ?? "").split(",")) {
          const exported =
            part
              .trim()
              .split(/\s+as\s+/)
              .pop()
              ?.trim() ?? "";
          if (/^(GET|POST|PUT|PATCH|DELETE)$/.test(exported)) methods.add(exported);
        }
      }
      for (const method of methods)
        routes.push({ kind: "api", pattern, method, key: `${method} ${pattern}` });
    }
  });
  return routes;
}

/** Every export of every "use server" file in app/: the server actions a browser can call. */
export function discoverActions(): DiscoveredAction[] {
  const actions: DiscoveredAction[] = [];
  walk(appDir, (file) => {
    if (!/\.tsx?$/.test(file)) return;
    const source = readFileSync(file, "utf8");
    if (!/^\s*["']use server["']/.test(source)) return;
    for (const match of source.matchAll(/export (?:const|async function|function) (\w+)/g)) {
      const name = match[1] ?? "";
      actions.push({ name, file: path.relative(appDir, file), key: `action ${name}` });
    }
  });
  return actions;
}

export function concretePath(pattern: string, param: string) {
  return pattern.replace(/:param/g, param);
}
