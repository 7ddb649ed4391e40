import path from "node:path";
import { projectRoot } from "./paths";

/** Where the embedded database and other local state live; `.data/` survives restarts. */
export const dataDir = path.join(projectRoot, ".data");
export const embeddedDatabaseDir = path.join(dataDir, "pglite");
