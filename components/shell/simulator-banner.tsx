import { getEnv } from "@/lib/env";
import { getProviders } from "@/lib/integrations/runtime";

function listed(names: string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1) ?? ""}`;
}

/** Always visible while any provider is simulated, so nobody mistakes a rehearsal for the real thing. */
export function SimulatorBanner() {
  const env = getEnv();
  const names = getProviders()
    .filter((provider) => provider.mode === "simulator")
    .map((provider) => provider.displayName);
  if (names.length === 0 && !env.EMBEDDED_DATABASE) return null;
  return (
    <div
      role="status"
      data-testid="simulator-banner"
      className="border-b border-amber-300 bg-amber-100 px-4 py-2 text-center text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
      {names.length > 0 ? (
        <>
          <strong>Simulator mode:</strong> {listed(names)} {names.length > 1 ? "are" : "is"}{" "}
          simulated locally. No real money moves and no real email is sent.{" "}
        </>
      ) : null}
      {env.EMBEDDED_DATABASE ? (
        <span>Data is kept in the embedded database (PGlite) on this machine.</span>
      ) : null}
    </div>
  );
}
