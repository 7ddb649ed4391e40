import path from "node:path";
import { projectRoot } from "./paths";

/** Where local state lives: DATA_DIR when set, else `.data/` in the project, which survives restarts. */
export function localDataDir(dataDirSetting: string | undefined = process.env.DATA_DIR) {
  const setting = dataDirSetting?.trim();
  return setting ? path.resolve(setting) : path.join(projectRoot, ".data");
}

/** The launcher's embedded PGlite database inside the local data directory. */
export function embeddedDatabaseDir(dataDirSetting?: string) {
  return path.join(localDataDir(dataDirSetting), "pglite");
}
