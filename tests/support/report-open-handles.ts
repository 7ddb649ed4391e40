// Runs a script, then prints what would still keep its process alive, and exits.
// `tsx tests/support/report-open-handles.ts scripts/x.ts`: the last stdout line is
// {"openHandles":[...]} with the kinds from process.getActiveResourcesInfo().
import path from "node:path";
import { pathToFileURL } from "node:url";

const script = process.argv[2];
if (!script) throw new Error("usage: report-open-handles.ts <script>");
process.argv.splice(2, 1);

// Importing waits for the script's top-level await, i.e. for its work to be done.
await import(pathToFileURL(path.resolve(script)).href);
// One turn of the event loop lets handles whose closing was already requested go.
await new Promise((resolve) => setImmediate(resolve));
// Standard streams are pipes or terminals that stay open by design.
const stdio = new Set(["PipeWrap", "TTYWrap"]);
const openHandles = process.getActiveResourcesInfo().filter((kind) => !stdio.has(kind));
console.log(JSON.stringify({ openHandles }));
process.exit(process.exitCode ?? 0);
