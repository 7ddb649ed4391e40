import { spawn } from "node:child_process";

/**
 * Runs `main` under the react-server condition: server code imports `server-only`, which loads
 * only there. Started without it, the script runs itself again in a child that has it.
 */
export async function runAsServerCode(main: () => Promise<void>): Promise<void> {
  if (process.execArgv.includes("--conditions=react-server")) {
    await main();
    return;
  }
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", ...process.argv.slice(1)],
    { stdio: "inherit", env: { NODE_NO_WARNINGS: "1", ...process.env } },
  );
  child.on("exit", (code) => process.exit(code ?? 1));
}
