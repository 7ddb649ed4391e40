// Sign-out must hold across app instances that share PostgreSQL: two `next start` processes on
// one fresh database, a session opened on one and ended on the other, its cookie replayed.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import pg from "pg";
import { expect, test } from "./fixtures";

const root = path.resolve(import.meta.dirname, "../..");
const bin = (name: string) => path.join(root, "node_modules/.bin", name);
const serverUrl = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const PORTS = [3202, 3203] as const;
const admin = { email: "instances-admin@example.test", password: "two instances share one truth" };

async function waitForHealth(origin: string, child: ChildProcess) {
  for (let attempt = 0; attempt < 120; attempt++) {
    if (child.exitCode !== null)
      throw new Error(`the server for ${origin} exited with ${child.exitCode}`);
    const ok = await fetch(`${origin}/api/health`)
      .then((response) => response.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${origin} did not become healthy`);
}

async function signInAt(origin: string): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({
    baseURL: origin,
    extraHTTPHeaders: { origin },
  });
  const { csrfToken } = (await (await context.get("/api/auth/csrf")).json()) as {
    csrfToken: string;
  };
  const response = await context.post("/api/auth/callback/credentials", {
    form: { ...admin, csrfToken, callbackUrl: `${origin}/` },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
  return context;
}

const sessionCookie = async (context: APIRequestContext) =>
  (await context.storageState()).cookies
    .filter((cookie) => cookie.name.includes("session-token"))
    .map((cookie) => `${cookie.name}=${cookie.value}`)
    .join("; ");

test("a cookie signed out on one instance is refused by the other, both on one PostgreSQL", async () => {
  test.setTimeout(180_000);
  const name = `ic_e2e_instances_${randomBytes(4).toString("hex")}`;
  const control = new pg.Client({ connectionString: serverUrl });
  await control.connect();
  await control.query(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const children: ChildProcess[] = [];
  try {
    const secret = randomBytes(32).toString("base64url");
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${path.join(root, "node_modules/.bin")}:${process.env.PATH ?? ""}`,
      DATABASE_URL: url.toString(),
      AUTH_SECRET: secret,
      LOG_LEVEL: "warn",
    };
    delete env.EMBEDDED_DATABASE;
    const migrated = spawnSync(bin("tsx"), ["scripts/db-migrate.ts"], {
      cwd: root,
      env,
      encoding: "utf8",
    });
    expect(migrated.status, migrated.stderr).toBe(0);
    for (const port of PORTS) {
      const origin = `http://localhost:${port}`;
      const child = spawn(bin("next"), ["start", "--port", String(port)], {
        cwd: root,
        env: {
          ...env,
          PORT: String(port),
          APP_URL: origin,
          ADMIN_EMAIL: admin.email,
          ADMIN_PASSWORD: admin.password,
          NEXT_TELEMETRY_DISABLED: "1",
        },
        stdio: "ignore",
      });
      children.push(child);
      await waitForHealth(origin, child);
    }
    const [first, second] = PORTS.map((port) => `http://localhost:${port}`) as [string, string];

    // Signed in on the first instance; the second accepts the same cookie (shared secret and database).
    const onFirst = await signInAt(first);
    const cookie = await sessionCookie(onFirst);
    const onSecond = await playwrightRequest.newContext({
      baseURL: second,
      extraHTTPHeaders: { cookie },
    });
    expect((await onSecond.get("/api/integrations")).status()).toBe(200);

    // Signed out on the first: the copied cookie is refused by the second at its next request.
    const { csrfToken } = (await (await onFirst.get("/api/auth/csrf")).json()) as {
      csrfToken: string;
    };
    await onFirst.post("/api/auth/signout", { form: { csrfToken }, maxRedirects: 0 });
    expect((await onSecond.get("/api/integrations")).status()).toBe(401);
    expect((await onSecond.get("/transactions", { maxRedirects: 0 })).status()).toBe(307);

    // And the other way round, through "sign out everywhere" on the second instance.
    const again = await signInAt(first);
    const againCookie = await sessionCookie(again);
    const me = (await (await again.get("/api/auth/session")).json()) as { user: { id: string } };
    const everywhere = await playwrightRequest.newContext({
      baseURL: second,
      extraHTTPHeaders: { cookie: againCookie, origin: second },
    });
    expect((await everywhere.delete(`/api/users/${me.user.id}/sessions`)).status()).toBe(200);
    expect((await again.get("/api/integrations")).status()).toBe(401);
  } finally {
    for (const child of children) child.kill("SIGTERM");
    await Promise.all(
      children.map((child) =>
        child.exitCode === null
          ? new Promise((resolve) => child.once("exit", resolve))
          : Promise.resolve(),
      ),
    );
    await control.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await control.end();
  }
});
