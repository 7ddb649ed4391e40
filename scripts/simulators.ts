// `npm run simulators`: every provider simulator on a loopback port, with its webhook target and
// signing secret printed, until Ctrl-C.
//
//   npm run simulators
//   npm run simulators -- --generic-port 4010 --stripe-port 4011 --sendgrid-port 4012
//   npm run simulators -- --webhook-base http://localhost:3100/api/webhooks
//   npm run simulators -- --only generic --generic-secret whsec_…
//
// Each flag also reads from the environment: SIMULATOR_HOST, SIMULATOR_WEBHOOK_BASE,
// SIMULATOR_<NAME>_PORT, SIMULATOR_<NAME>_WEBHOOK_URL, SIMULATOR_<NAME>_SECRET.
import { parseArgs } from "node:util";
import { simulatorRegistry, type StartedSimulator } from "../simulators/registry";

const perSimulator = Object.fromEntries(
  simulatorRegistry.flatMap(({ name }) => [
    [`${name}-port`, { type: "string" as const }],
    [`${name}-webhook-url`, { type: "string" as const }],
    [`${name}-secret`, { type: "string" as const }],
  ]),
);

function fail(message: string): never {
  console.error(`[simulators] ${message}`);
  process.exit(1);
}

let values: Record<string, string | boolean | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      host: { type: "string" },
      "webhook-base": { type: "string" },
      only: { type: "string" },
      help: { type: "boolean", short: "h" },
      ...perSimulator,
    },
    strict: true,
  }));
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

if (values.help) {
  console.log(
    [
      "npm run simulators -- [options]",
      "  --host ADDRESS            listen address (default 127.0.0.1)",
      "  --webhook-base URL        webhook targets are URL/<name> (default http://localhost:3000/api/webhooks)",
      "  --only a,b                start only these simulators",
      ...simulatorRegistry.flatMap(({ name }) => [
        `  --${name}-port N`.padEnd(28) + `port of the ${name} simulator (default: a free port)`,
        `  --${name}-webhook-url URL`.padEnd(28) + "its webhook target",
        `  --${name}-secret S`.padEnd(28) + "its webhook signing secret (default: generated)",
      ]),
    ].join("\n"),
  );
  process.exit(0);
}

function setting(flag: string): string | undefined {
  const value = values[flag];
  if (typeof value === "string") return value;
  return process.env[`SIMULATOR_${flag.toUpperCase().replaceAll("-", "_")}`];
}

function port(name: string): number {
  const raw = setting(`${name}-port`);
  if (raw === undefined) return 0;
  const parsed = Number(raw);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65_535) {
    fail(`--${name}-port must be a port number, got ${raw}`);
  }
  return parsed;
}

const host = setting("host") ?? "127.0.0.1";
const webhookBase = (setting("webhook-base") ?? "http://localhost:3000/api/webhooks").replace(
  /\/$/,
  "",
);
const only = setting("only")
  ?.split(",")
  .map((name) => name.trim())
  .filter(Boolean);
const unknown = only?.filter((name) => !simulatorRegistry.some((entry) => entry.name === name));
if (unknown?.length) {
  fail(
    `unknown simulator ${unknown.join(", ")} (known: ${simulatorRegistry.map((entry) => entry.name).join(", ")})`,
  );
}

const selected = simulatorRegistry.filter((entry) => !only || only.includes(entry.name));
// Read every port first, so a bad flag stops the launcher before anything listens.
const ports = new Map(selected.map((entry) => [entry.name, port(entry.name)]));

const running: StartedSimulator[] = [];
async function stop(code: number): Promise<never> {
  await Promise.all(running.map((simulator) => simulator.close()));
  process.exit(code);
}

for (const entry of selected) {
  const webhookTarget = setting(`${entry.name}-webhook-url`) ?? `${webhookBase}/${entry.name}`;
  try {
    const simulator = await entry.start({
      host,
      port: ports.get(entry.name) ?? 0,
      webhookTarget,
      webhookSecret: setting(`${entry.name}-secret`),
      // Long-running: keep the most recent requests and delivery attempts, not all of them.
      historyLimit: 10_000,
    });
    running.push(simulator);
    const { signer } = simulator.webhooks;
    const lines = [
      `${entry.displayName} (${entry.name})`,
      `  url       ${simulator.url}`,
      `  control   ${simulator.url}/__simulator`,
      `  webhooks  ${webhookTarget}`,
      `  signing   ${signer.scheme}`,
      ...(signer.verificationKey === signer.secret
        ? [`  secret    ${signer.secret}`]
        : [
            `  private   ${signer.secret}`,
            `  public    ${signer.verificationKey}  (the app verifies with this)`,
          ]),
    ];
    console.log(lines.join("\n"));
  } catch (error) {
    console.error(
      `[simulators] could not start ${entry.name}: ${error instanceof Error ? error.message : String(error)}`,
    );
    await stop(1);
  }
}

console.log("\nSimulators running; Ctrl-C stops them.");
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
