import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://localhost:${port}`;
export const e2eAdmin = { email: "e2e-admin@example.test", password: "e2e-admin-password-123" };

// A fresh embedded database per run, so tests never depend on a developer's data.
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(path.join(tmpdir(), "console-e2e-"));
process.env.E2E_DATA_DIR = dataDir;

/** Every connection or DNS lookup any server process makes past loopback (see egress-guard.cjs). */
export const egressLog = path.join(dataDir, "egress.log");

/**
 * A REST provider from INTEGRATIONS_CONFIG with signed webhooks, so the suite can deliver to the
 * real webhook route. Config files are read by every process; the secret is this run's own.
 */
process.env.E2E_WEBHOOK_SECRET ??= `whsec_${randomBytes(24).toString("base64")}`;
export const webhookProvider = {
  name: "acme",
  secret: process.env.E2E_WEBHOOK_SECRET,
  /** What a bulk replay of its deliveries is paced under. */
  rateLimitPerSecond: 25,
};
/** The bearer token Prometheus would send to /api/metrics; this run's own. */
process.env.E2E_METRICS_TOKEN ??= randomBytes(32).toString("base64url");
export const e2eMetricsToken = process.env.E2E_METRICS_TOKEN;

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  timeout: 60_000,
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: {
    command: "npm start",
    url: `${baseURL}/api/health`,
    // `npm start` builds first when the sources changed; on two busy cores that took minutes.
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(port),
      DATA_DIR: dataDir,
      ADMIN_EMAIL: e2eAdmin.email,
      ADMIN_PASSWORD: e2eAdmin.password,
      LOG_LEVEL: "warn",
      METRICS_TOKEN: e2eMetricsToken,
      INTEGRATIONS_CONFIG: JSON.stringify({
        providers: [
          {
            name: webhookProvider.name,
            displayName: "Acme (test provider)",
            baseUrl: "http://127.0.0.1:9",
            rateLimitPerSecond: webhookProvider.rateLimitPerSecond,
            webhookSecrets: [webhookProvider.secret],
          },
        ],
      }),
      EGRESS_LOG: egressLog,
      NODE_OPTIONS: `--require ${path.join(import.meta.dirname, "tests/e2e/support/egress-guard.cjs")}`,
    },
  },
});
